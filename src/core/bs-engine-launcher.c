#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-engine-launcher.h"
