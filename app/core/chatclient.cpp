#include "chatclient.h"
