#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-retail-figures.h"
