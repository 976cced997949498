#include "databricksconfig.h"
