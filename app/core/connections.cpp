#include "connections.h"
