/* bs-demo-random.h — the demo generator's own random numbers (private).
 *
 * xoshiro256** seeded through splitmix64. The demo dataset must be the same on every machine
 * and every GLib version for a given seed, which rand () and g_random_* do not promise. Each
 * part of the generator draws from its own stream (catalogue, store traits, promotions,
 * orders), so a change in how many numbers one part draws does not reshuffle the others.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} BsDemoRandom;

typedef enum
{
  BS_DEMO_STREAM_CATALOG = 1,
  BS_DEMO_STREAM_STORES,
  BS_DEMO_STREAM_PATTERNS,
  BS_DEMO_STREAM_PROMOTIONS,
  BS_DEMO_STREAM_STOCK,
  BS_DEMO_STREAM_ORDERS,
} BsDemoStream;

static inline guint64
bs_demo_splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline void
bs_demo_random_init (BsDemoRandom *random,
                     guint64       seed,
                     BsDemoStream  stream)
{
  guint64 state = seed;

  /* Mixing the stream in through splitmix keeps streams of neighbouring seeds unrelated. */
  state = bs_demo_splitmix64 (&state) ^ ((guint64)stream * G_GUINT64_CONSTANT (0xD1B54A32D192ED03));
  for (guint i = 0; i < G_N_ELEMENTS (random->s); i++)
    random->s[i] = bs_demo_splitmix64 (&state);
}

static inline guint64
bs_demo_random_rotl (guint64 x,
                     int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
bs_demo_random_next (BsDemoRandom *random)
{
  guint64 *s = random->s;
  guint64 result = bs_demo_random_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = bs_demo_random_rotl (s[3], 45);
  return result;
}

/* Uniform in [0, 1). */
static inline double
bs_demo_random_double (BsDemoRandom *random)
{
  return (double)(bs_demo_random_next (random) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n). The bias of the multiply-shift is below 2^-32 for the small n used. */
static inline guint32
bs_demo_random_below (BsDemoRandom *random,
                      guint32       n)
{
  return (guint32)(((bs_demo_random_next (random) >> 32) * (guint64)n) >> 32);
}

static inline double
bs_demo_random_between (BsDemoRandom *random,
                        double        low,
                        double        high)
{
  return low + (high - low) * bs_demo_random_double (random);
}

/* An index drawn in proportion to its weight, from the running totals of the weights. */
static inline guint
bs_demo_random_pick (BsDemoRandom *random,
                     const double *cumulative,
                     guint         n)
{
  double u = bs_demo_random_double (random) * cumulative[n - 1];
  guint low = 0;
  guint high = n - 1;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (u < cumulative[mid])
        high = mid;
      else
        low = mid + 1;
    }
  return low;
}

G_END_DECLS
