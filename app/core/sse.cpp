#include "sse.h"
