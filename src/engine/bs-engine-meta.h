/* bs-engine-meta.h — the keys the engine keeps in the workspace's meta table. */
#pragma once

/* The demo dataset made at first start: where, from which seed, how many fact rows, when. */
#define BS_ENGINE_META_DEMO_PATH         "demo_path"
#define BS_ENGINE_META_DEMO_SEED         "demo_seed"
#define BS_ENGINE_META_DEMO_ROWS         "demo_rows"
#define BS_ENGINE_META_DEMO_GENERATED_AT "demo_generated_at"
