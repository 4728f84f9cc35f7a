#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>

#include "bs-alert-state.h"

/* Every transition of the state machine against tables written from Grafana's contract
 * (../shared/grafana/CONTRACT.md §9 and bs-alert-state.h), not from the code. */

#define T0 ((gint64) 1800000000 * G_USEC_PER_SEC)
#define FOR_SECONDS 600
#define KEEP_SECONDS 300

typedef enum
{
  PREV_NONE = -1,   /* a series seen for the first time */
} PrevNone;

/* What a result is handled as, once the rule's no_data and on_error apply. */
typedef enum
{
  AS_ALERTING,
  AS_NORMAL,
  AS_NO_DATA_STATE,
  AS_ERROR_STATE,
  AS_KEEP_LAST,
} HandledAs;

/* Table 1: result × no_data × on_error → handling and the reason it gives (when the new
 * state differs from the result). -1 means "any". */
static const struct
{
  BsAlertResult  result;
  int            no_data;
  int            on_error;
  HandledAs      as;
  BsAlertReason  reason;
} handling_table[] = {
  { BS_ALERT_RESULT_ALERTING, -1, -1, AS_ALERTING, BS_ALERT_REASON_NONE },
  { BS_ALERT_RESULT_NORMAL, -1, -1, AS_NORMAL, BS_ALERT_REASON_NONE },
  { BS_ALERT_RESULT_NO_DATA, BS_ALERT_NO_DATA_ALERTING, -1, AS_ALERTING, BS_ALERT_REASON_NO_DATA },
  { BS_ALERT_RESULT_NO_DATA, BS_ALERT_NO_DATA_NO_DATA, -1, AS_NO_DATA_STATE, BS_ALERT_REASON_NONE },
  { BS_ALERT_RESULT_NO_DATA, BS_ALERT_NO_DATA_NORMAL, -1, AS_NORMAL, BS_ALERT_REASON_NO_DATA },
  { BS_ALERT_RESULT_NO_DATA, BS_ALERT_NO_DATA_KEEP_LAST, -1, AS_KEEP_LAST,
    BS_ALERT_REASON_NO_DATA_KEEP_LAST },
  { BS_ALERT_RESULT_ERROR, -1, BS_ALERT_ON_ERROR_ALERTING, AS_ALERTING, BS_ALERT_REASON_ERROR },
  { BS_ALERT_RESULT_ERROR, -1, BS_ALERT_ON_ERROR_ERROR, AS_ERROR_STATE, BS_ALERT_REASON_NONE },
  { BS_ALERT_RESULT_ERROR, -1, BS_ALERT_ON_ERROR_KEEP_LAST, AS_KEEP_LAST,
    BS_ALERT_REASON_ERROR_KEEP_LAST },
};

typedef enum
{
  ANY,
  FOR_ZERO,            /* the rule has no pending period */
  FOR_POSITIVE,
  FOR_ELAPSED,         /* now - started_at >= for */
  FOR_NOT_ELAPSED,
  KEEP_ZERO,
  KEEP_POSITIVE,
  KEEP_ELAPSED,        /* now - started_at >= keep_firing */
  KEEP_NOT_ELAPSED,
} Condition;

/* Table 2: previous state × handling × condition → next state, and whether started_at is
 * kept (else it is now). The first row that matches counts; exactly one must. */
static const struct
{
  int           previous;   /* BsAlertState or PREV_NONE */
  HandledAs     as;
  Condition     condition;
  BsAlertState  next;
  gboolean      kept;
} transition_table[] = {
  /* Result Alerting */
  { PREV_NONE, AS_ALERTING, FOR_POSITIVE, BS_ALERT_STATE_PENDING, FALSE },
  { PREV_NONE, AS_ALERTING, FOR_ZERO, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_NORMAL, AS_ALERTING, FOR_POSITIVE, BS_ALERT_STATE_PENDING, FALSE },
  { BS_ALERT_STATE_NORMAL, AS_ALERTING, FOR_ZERO, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_NO_DATA, AS_ALERTING, FOR_POSITIVE, BS_ALERT_STATE_PENDING, FALSE },
  { BS_ALERT_STATE_NO_DATA, AS_ALERTING, FOR_ZERO, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_ERROR, AS_ALERTING, FOR_POSITIVE, BS_ALERT_STATE_PENDING, FALSE },
  { BS_ALERT_STATE_ERROR, AS_ALERTING, FOR_ZERO, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_PENDING, AS_ALERTING, FOR_ELAPSED, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_PENDING, AS_ALERTING, FOR_NOT_ELAPSED, BS_ALERT_STATE_PENDING, TRUE },
  { BS_ALERT_STATE_ALERTING, AS_ALERTING, ANY, BS_ALERT_STATE_ALERTING, TRUE },
  { BS_ALERT_STATE_RECOVERING, AS_ALERTING, ANY, BS_ALERT_STATE_ALERTING, FALSE },
  /* Result Normal */
  { PREV_NONE, AS_NORMAL, ANY, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_NORMAL, AS_NORMAL, ANY, BS_ALERT_STATE_NORMAL, TRUE },
  { BS_ALERT_STATE_ALERTING, AS_NORMAL, KEEP_POSITIVE, BS_ALERT_STATE_RECOVERING, FALSE },
  { BS_ALERT_STATE_ALERTING, AS_NORMAL, KEEP_ZERO, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_RECOVERING, AS_NORMAL, KEEP_ELAPSED, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_RECOVERING, AS_NORMAL, KEEP_NOT_ELAPSED, BS_ALERT_STATE_RECOVERING, TRUE },
  { BS_ALERT_STATE_PENDING, AS_NORMAL, ANY, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_NO_DATA, AS_NORMAL, ANY, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_ERROR, AS_NORMAL, ANY, BS_ALERT_STATE_NORMAL, FALSE },
  /* The state NoData */
  { PREV_NONE, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  { BS_ALERT_STATE_NO_DATA, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, TRUE },
  { BS_ALERT_STATE_NORMAL, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  { BS_ALERT_STATE_PENDING, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  { BS_ALERT_STATE_ALERTING, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  { BS_ALERT_STATE_RECOVERING, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  { BS_ALERT_STATE_ERROR, AS_NO_DATA_STATE, ANY, BS_ALERT_STATE_NO_DATA, FALSE },
  /* The state Error */
  { PREV_NONE, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  { BS_ALERT_STATE_ERROR, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, TRUE },
  { BS_ALERT_STATE_NORMAL, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  { BS_ALERT_STATE_PENDING, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  { BS_ALERT_STATE_ALERTING, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  { BS_ALERT_STATE_RECOVERING, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  { BS_ALERT_STATE_NO_DATA, AS_ERROR_STATE, ANY, BS_ALERT_STATE_ERROR, FALSE },
  /* Keep last: the state stays; a pending one still matures */
  { PREV_NONE, AS_KEEP_LAST, ANY, BS_ALERT_STATE_NORMAL, FALSE },
  { BS_ALERT_STATE_NORMAL, AS_KEEP_LAST, ANY, BS_ALERT_STATE_NORMAL, TRUE },
  { BS_ALERT_STATE_PENDING, AS_KEEP_LAST, FOR_ELAPSED, BS_ALERT_STATE_ALERTING, FALSE },
  { BS_ALERT_STATE_PENDING, AS_KEEP_LAST, FOR_NOT_ELAPSED, BS_ALERT_STATE_PENDING, TRUE },
  { BS_ALERT_STATE_ALERTING, AS_KEEP_LAST, ANY, BS_ALERT_STATE_ALERTING, TRUE },
  { BS_ALERT_STATE_RECOVERING, AS_KEEP_LAST, ANY, BS_ALERT_STATE_RECOVERING, TRUE },
  { BS_ALERT_STATE_NO_DATA, AS_KEEP_LAST, ANY, BS_ALERT_STATE_NO_DATA, TRUE },
  { BS_ALERT_STATE_ERROR, AS_KEEP_LAST, ANY, BS_ALERT_STATE_ERROR, TRUE },
};

/* Table 3: the state a result names, for "the new state differs from the result". */
static const BsAlertState result_state[] = {
  [BS_ALERT_RESULT_NORMAL] = BS_ALERT_STATE_NORMAL,
  [BS_ALERT_RESULT_ALERTING] = BS_ALERT_STATE_ALERTING,
  [BS_ALERT_RESULT_NO_DATA] = BS_ALERT_STATE_NO_DATA,
  [BS_ALERT_RESULT_ERROR] = BS_ALERT_STATE_ERROR,
};

/* Table 4: the change a move makes (firing: into Alerting from a state that does not fire;
 * resolved: from Alerting or Recovering into Normal). */
static const BsAlertChange change_table[6][6] = {
  /* from \ to:  Normal, Pending, Alerting, Recovering, NoData, Error */
  [BS_ALERT_STATE_NORMAL] = { 0, 0, BS_ALERT_CHANGE_FIRING, 0, 0, 0 },
  [BS_ALERT_STATE_PENDING] = { 0, 0, BS_ALERT_CHANGE_FIRING, 0, 0, 0 },
  [BS_ALERT_STATE_ALERTING] = { BS_ALERT_CHANGE_RESOLVED, 0, 0, 0, 0, 0 },
  [BS_ALERT_STATE_RECOVERING] = { BS_ALERT_CHANGE_RESOLVED, 0, 0, 0, 0, 0 },
  [BS_ALERT_STATE_NO_DATA] = { 0, 0, BS_ALERT_CHANGE_FIRING, 0, 0, 0 },
  [BS_ALERT_STATE_ERROR] = { 0, 0, BS_ALERT_CHANGE_FIRING, 0, 0, 0 },
};

static const guint for_values[] = { 0, FOR_SECONDS };
static const guint keep_values[] = { 0, KEEP_SECONDS };
/* Before, on and after each period: 60 s, the keep_firing boundary, the for boundary, past
 * both. */
static const gint64 elapsed_values[] = { 60, KEEP_SECONDS, FOR_SECONDS, 1200 };

static BsAlertRule *
make_rule (guint for_seconds,
           guint keep_seconds,
           int   no_data,
           int   on_error)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "stock");
  BsAlertRule *rule = bs_alert_rule_new ("Stock low", query, BS_ALERT_CONDITION_BELOW, 100);

  rule->for_seconds = for_seconds;
  rule->keep_firing_seconds = keep_seconds;
  rule->no_data = (BsAlertNoData) no_data;
  rule->on_error = (BsAlertOnError) on_error;
  return rule;
}

static gboolean
condition_holds (Condition condition,
                 guint     for_seconds,
                 guint     keep_seconds,
                 gint64    elapsed)
{
  switch (condition)
    {
    case ANY:
      return TRUE;
    case FOR_ZERO:
      return for_seconds == 0;
    case FOR_POSITIVE:
      return for_seconds > 0;
    case FOR_ELAPSED:
      return elapsed >= for_seconds;
    case FOR_NOT_ELAPSED:
      return elapsed < for_seconds;
    case KEEP_ZERO:
      return keep_seconds == 0;
    case KEEP_POSITIVE:
      return keep_seconds > 0;
    case KEEP_ELAPSED:
      return elapsed >= keep_seconds;
    case KEEP_NOT_ELAPSED:
    default:
      return elapsed < keep_seconds;
    }
}

static guint
find_handling (BsAlertResult result,
               int           no_data,
               int           on_error)
{
  guint found = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (handling_table); i++)
    if (handling_table[i].result == result
        && (handling_table[i].no_data < 0 || handling_table[i].no_data == no_data)
        && (handling_table[i].on_error < 0 || handling_table[i].on_error == on_error))
      {
        g_assert_cmpuint (found, ==, G_MAXUINT);
        found = i;
      }
  g_assert_cmpuint (found, !=, G_MAXUINT);
  return found;
}

static guint
find_transition (int       previous,
                 HandledAs as,
                 guint     for_seconds,
                 guint     keep_seconds,
                 gint64    elapsed)
{
  guint found = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (transition_table); i++)
    if (transition_table[i].previous == previous && transition_table[i].as == as
        && condition_holds (transition_table[i].condition, for_seconds, keep_seconds, elapsed))
      {
        /* The table must be unambiguous. */
        g_assert_cmpuint (found, ==, G_MAXUINT);
        found = i;
      }
  if (found == G_MAXUINT)
    g_error ("No row for previous %d handled as %d (for %u, keep %u, %" G_GINT64_FORMAT " s)",
             previous, as, for_seconds, keep_seconds, elapsed);
  return found;
}

static void
check_one (int           previous,
           BsAlertResult result,
           int           no_data,
           int           on_error,
           guint         for_seconds,
           guint         keep_seconds,
           gint64        elapsed)
{
  g_autoptr(BsAlertRule) rule = make_rule (for_seconds, keep_seconds, no_data, on_error);
  BsAlertStateInfo before = { 0 };
  gint64 now = T0 + elapsed * G_USEC_PER_SEC;
  guint h = find_handling (result, no_data, on_error);
  guint t;
  BsAlertState from = previous == PREV_NONE ? BS_ALERT_STATE_NORMAL : (BsAlertState) previous;
  BsAlertReason reason;
  BsAlertChange change = 99;
  BsAlertStateInfo after;

  before.state = from;
  before.reason = BS_ALERT_REASON_UPDATED;
  before.started_at = T0;
  before.last_eval_at = T0;
  before.missing_evals = 1;
  after = bs_alert_state_next (previous == PREV_NONE ? NULL : &before, result, rule, now,
                               &change);

  t = find_transition (previous, handling_table[h].as, for_seconds, keep_seconds, elapsed);
  g_assert_cmpint (after.state, ==, transition_table[t].next);
  if (transition_table[t].kept)
    g_assert_cmpint (after.started_at, ==, T0);
  else
    g_assert_cmpint (after.started_at, ==, now);
  g_assert_cmpint (after.last_eval_at, ==, now);
  g_assert_cmpuint (after.missing_evals, ==, 0);

  reason = handling_table[h].reason;
  if (after.state == result_state[result])
    reason = BS_ALERT_REASON_NONE;
  g_assert_cmpint (after.reason, ==, reason);
  g_assert_cmpint (change, ==, change_table[from][after.state]);
}

static void
test_exhaustive (void)
{
  guint n = 0;

  for (int previous = PREV_NONE; previous <= BS_ALERT_STATE_ERROR; previous++)
    for (int result = BS_ALERT_RESULT_NORMAL; result <= BS_ALERT_RESULT_ERROR; result++)
      for (int no_data = 0; no_data <= BS_ALERT_NO_DATA_KEEP_LAST; no_data++)
        for (int on_error = 0; on_error <= BS_ALERT_ON_ERROR_KEEP_LAST; on_error++)
          for (guint f = 0; f < G_N_ELEMENTS (for_values); f++)
            for (guint k = 0; k < G_N_ELEMENTS (keep_values); k++)
              for (guint e = 0; e < G_N_ELEMENTS (elapsed_values); e++)
                {
                  check_one (previous, result, no_data, on_error, for_values[f],
                             keep_values[k], elapsed_values[e]);
                  n++;
                }
  g_assert_cmpuint (n, ==, 7 * 4 * 4 * 3 * 2 * 2 * 4);
  g_test_message ("%u transitions checked", n);
}

/* A few stories written out in full, as a person would read them. */
static void
test_stories (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (600, 300, BS_ALERT_NO_DATA_NO_DATA,
                                           BS_ALERT_ON_ERROR_ERROR);
  BsAlertChange change;
  BsAlertStateInfo s;
  gint64 minute = 60 * G_USEC_PER_SEC;

  /* Below the threshold for 10 minutes, evaluated every 5: Pending, Pending, Alerting. */
  s = bs_alert_state_next (NULL, BS_ALERT_RESULT_ALERTING, rule, T0, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_PENDING);
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_NONE);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_ALERTING, rule, T0 + 5 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_PENDING);
  g_assert_cmpint (s.started_at, ==, T0);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_ALERTING, rule, T0 + 10 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_FIRING);
  g_assert_cmpint (s.started_at, ==, T0 + 10 * minute);

  /* Back above: Recovering for the keep-firing period, which still fires. */
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_NORMAL, rule, T0 + 15 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_RECOVERING);
  g_assert_true (bs_alert_state_is_firing (s.state));
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_NONE);
  /* Below again: straight back to Alerting, not a new firing. */
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_ALERTING, rule, T0 + 16 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_NONE);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_NORMAL, rule, T0 + 17 * minute, &change);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_NORMAL, rule, T0 + 21 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_RECOVERING);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_NORMAL, rule, T0 + 22 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_NORMAL);
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_RESOLVED);

  /* No data with keep-last while pending: it still matures, with the reason. */
  rule->no_data = BS_ALERT_NO_DATA_KEEP_LAST;
  s = bs_alert_state_next (NULL, BS_ALERT_RESULT_ALERTING, rule, T0, &change);
  s = bs_alert_state_next (&s, BS_ALERT_RESULT_NO_DATA, rule, T0 + 10 * minute, &change);
  g_assert_cmpint (s.state, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpint (s.reason, ==, BS_ALERT_REASON_NO_DATA_KEEP_LAST);
  g_assert_cmpint (change, ==, BS_ALERT_CHANGE_FIRING);
}

/* A series absent from a result: kept as it is once, resolved and dropped the second time. */
static void
test_missing (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (0, 0, BS_ALERT_NO_DATA_NO_DATA,
                                           BS_ALERT_ON_ERROR_ERROR);

  g_assert_cmpint (BS_ALERT_MISSING_EVALS_TO_RESOLVE, ==, 2);
  for (int state = BS_ALERT_STATE_NORMAL; state <= BS_ALERT_STATE_ERROR; state++)
    {
      BsAlertStateInfo before = { state, BS_ALERT_REASON_NONE, T0, T0, 0 };
      BsAlertChange change = 99;
      gboolean evict = TRUE;
      BsAlertStateInfo once, twice;
      gint64 now = T0 + 60 * G_USEC_PER_SEC;

      once = bs_alert_state_missing (&before, rule, now, &change, &evict);
      g_assert_cmpint (once.state, ==, state);
      g_assert_cmpint (once.started_at, ==, T0);
      g_assert_cmpuint (once.missing_evals, ==, 1);
      g_assert_false (evict);
      g_assert_cmpint (change, ==, BS_ALERT_CHANGE_NONE);

      twice = bs_alert_state_missing (&once, rule, now + 60 * G_USEC_PER_SEC, &change, &evict);
      g_assert_cmpint (twice.state, ==, BS_ALERT_STATE_NORMAL);
      g_assert_cmpint (twice.reason, ==, BS_ALERT_REASON_MISSING_SERIES);
      g_assert_cmpuint (twice.missing_evals, ==, 2);
      g_assert_true (evict);
      g_assert_cmpint (change, ==, bs_alert_state_is_firing (state) ? BS_ALERT_CHANGE_RESOLVED
                                                                     : BS_ALERT_CHANGE_NONE);
      g_assert_cmpint (twice.started_at, ==, state == BS_ALERT_STATE_NORMAL
                                             ? T0 : now + 60 * G_USEC_PER_SEC);

      /* Seen again in between: the count starts over. */
      once = bs_alert_state_next (&once, BS_ALERT_RESULT_NORMAL, rule, now, NULL);
      g_assert_cmpuint (once.missing_evals, ==, 0);
    }
}

static void
test_strings (void)
{
  static const char * const api[] = { "normal", "pending", "alerting", "recovering",
                                      "no-data", "error" };
  static const char * const grafana[] = { "Normal", "Pending", "Alerting", "Recovering",
                                          "NoData", "Error" };
  static const char * const reasons[] = { NULL, "NoData", "Error", "NoData, KeepLast",
                                          "Error, KeepLast", "MissingSeries", "Paused",
                                          "Updated" };
  BsAlertState state;
  BsAlertReason reason;

  for (guint i = 0; i < G_N_ELEMENTS (api); i++)
    {
      g_assert_cmpstr (bs_alert_state_to_string (i), ==, api[i]);
      g_assert_cmpstr (bs_alert_state_to_grafana (i), ==, grafana[i]);
      g_assert_true (bs_alert_state_from_string (api[i], &state));
      g_assert_cmpint (state, ==, i);
      g_assert_nonnull (bs_alert_state_get_label (i));
    }
  g_assert_cmpstr (bs_alert_state_get_label (BS_ALERT_STATE_ALERTING), ==, "Firing");
  g_assert_cmpstr (bs_alert_state_get_label (BS_ALERT_STATE_NO_DATA), ==, "No Data");
  g_assert_false (bs_alert_state_from_string ("Alerting", &state));
  g_assert_false (bs_alert_state_from_string (NULL, &state));
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_assert_cmpstr (bs_alert_reason_to_string (i), ==, reasons[i]);
      g_assert_true (bs_alert_reason_from_string (reasons[i], &reason));
      g_assert_cmpint (reason, ==, i);
    }
  g_assert_false (bs_alert_reason_from_string ("KeepLast", &reason));
  g_assert_true (bs_alert_state_is_firing (BS_ALERT_STATE_ALERTING));
  g_assert_true (bs_alert_state_is_firing (BS_ALERT_STATE_RECOVERING));
  g_assert_false (bs_alert_state_is_firing (BS_ALERT_STATE_PENDING));
  g_assert_false (bs_alert_state_is_firing (BS_ALERT_STATE_ERROR));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/alert-state/exhaustive", test_exhaustive);
  g_test_add_func ("/bs/alert-state/stories", test_stories);
  g_test_add_func ("/bs/alert-state/missing", test_missing);
  g_test_add_func ("/bs/alert-state/strings", test_strings);
  return g_test_run ();
}
