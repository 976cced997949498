#include "chatprotocol.h"
