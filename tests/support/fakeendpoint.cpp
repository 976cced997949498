#include "fakeendpoint.h"
