#define G_LOG_DOMAIN "bs-alert-state"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-alert-state.h"

static const char * const state_names[] = {
  [BS_ALERT_STATE_NORMAL] = "normal",
  [BS_ALERT_STATE_PENDING] = "pending",
  [BS_ALERT_STATE_ALERTING] = "alerting",
  [BS_ALERT_STATE_RECOVERING] = "recovering",
  [BS_ALERT_STATE_NO_DATA] = "no-data",
  [BS_ALERT_STATE_ERROR] = "error",
};

static const char * const grafana_names[] = {
  [BS_ALERT_STATE_NORMAL] = "Normal",
  [BS_ALERT_STATE_PENDING] = "Pending",
  [BS_ALERT_STATE_ALERTING] = "Alerting",
  [BS_ALERT_STATE_RECOVERING] = "Recovering",
  [BS_ALERT_STATE_NO_DATA] = "NoData",
  [BS_ALERT_STATE_ERROR] = "Error",
};

static const char * const reason_names[] = {
  [BS_ALERT_REASON_NONE] = NULL,
  [BS_ALERT_REASON_NO_DATA] = "NoData",
  [BS_ALERT_REASON_ERROR] = "Error",
  [BS_ALERT_REASON_NO_DATA_KEEP_LAST] = "NoData, KeepLast",
  [BS_ALERT_REASON_ERROR_KEEP_LAST] = "Error, KeepLast",
  [BS_ALERT_REASON_MISSING_SERIES] = "MissingSeries",
  [BS_ALERT_REASON_PAUSED] = "Paused",
  [BS_ALERT_REASON_UPDATED] = "Updated",
};

/* What a person reads in the Studio: Grafana's "Alerting" is "Firing" there. */
static const char * const state_labels[] = {
  [BS_ALERT_STATE_NORMAL] = N_("Normal"),
  [BS_ALERT_STATE_PENDING] = N_("Pending"),
  [BS_ALERT_STATE_ALERTING] = N_("Firing"),
  [BS_ALERT_STATE_RECOVERING] = N_("Recovering"),
  [BS_ALERT_STATE_NO_DATA] = N_("No Data"),
  [BS_ALERT_STATE_ERROR] = N_("Error"),
};

/* How a result is handled once no_data and on_error have been applied. */
typedef enum
{
  HANDLE_ALERTING,
  HANDLE_NORMAL,
  HANDLE_NO_DATA,
  HANDLE_ERROR,
  HANDLE_KEEP_LAST,
} Handling;

gboolean
bs_alert_state_is_firing (BsAlertState state)
{
  return state == BS_ALERT_STATE_ALERTING || state == BS_ALERT_STATE_RECOVERING;
}

static gint64
seconds_to_usec (guint seconds)
{
  return (gint64) seconds * G_USEC_PER_SEC;
}

static void
set_state (BsAlertStateInfo *info,
           BsAlertState      state,
           gint64            now)
{
  if (info->state != state)
    info->started_at = now;
  info->state = state;
}

static void
handle_alerting (BsAlertStateInfo  *info,
                 const BsAlertRule *rule,
                 gint64             now)
{
  switch (info->state)
    {
    case BS_ALERT_STATE_ALERTING:
      break;
    case BS_ALERT_STATE_PENDING:
      if (now - info->started_at >= seconds_to_usec (rule->for_seconds))
        set_state (info, BS_ALERT_STATE_ALERTING, now);
      break;
    case BS_ALERT_STATE_RECOVERING:
      /* It never stopped firing, so the pending period does not start over. */
      set_state (info, BS_ALERT_STATE_ALERTING, now);
      break;
    case BS_ALERT_STATE_NORMAL:
    case BS_ALERT_STATE_NO_DATA:
    case BS_ALERT_STATE_ERROR:
    default:
      set_state (info, rule->for_seconds > 0 ? BS_ALERT_STATE_PENDING : BS_ALERT_STATE_ALERTING,
                 now);
      break;
    }
}

static void
handle_normal (BsAlertStateInfo  *info,
               const BsAlertRule *rule,
               gint64             now)
{
  switch (info->state)
    {
    case BS_ALERT_STATE_NORMAL:
      break;
    case BS_ALERT_STATE_ALERTING:
      set_state (info, rule->keep_firing_seconds > 0 ? BS_ALERT_STATE_RECOVERING
                                                     : BS_ALERT_STATE_NORMAL, now);
      break;
    case BS_ALERT_STATE_RECOVERING:
      if (now - info->started_at >= seconds_to_usec (rule->keep_firing_seconds))
        set_state (info, BS_ALERT_STATE_NORMAL, now);
      break;
    case BS_ALERT_STATE_PENDING:
    case BS_ALERT_STATE_NO_DATA:
    case BS_ALERT_STATE_ERROR:
    default:
      set_state (info, BS_ALERT_STATE_NORMAL, now);
      break;
    }
}

/* Keep last: the state stays, except that a pending series still matures. */
static void
handle_keep_last (BsAlertStateInfo  *info,
                  const BsAlertRule *rule,
                  gint64             now)
{
  if (info->state == BS_ALERT_STATE_PENDING)
    handle_alerting (info, rule, now);
}

static Handling
handling_of (BsAlertResult      result,
             const BsAlertRule *rule,
             BsAlertReason     *reason)
{
  *reason = BS_ALERT_REASON_NONE;
  switch (result)
    {
    case BS_ALERT_RESULT_ALERTING:
      return HANDLE_ALERTING;
    case BS_ALERT_RESULT_NO_DATA:
      switch (rule->no_data)
        {
        case BS_ALERT_NO_DATA_ALERTING:
          *reason = BS_ALERT_REASON_NO_DATA;
          return HANDLE_ALERTING;
        case BS_ALERT_NO_DATA_NORMAL:
          *reason = BS_ALERT_REASON_NO_DATA;
          return HANDLE_NORMAL;
        case BS_ALERT_NO_DATA_KEEP_LAST:
          *reason = BS_ALERT_REASON_NO_DATA_KEEP_LAST;
          return HANDLE_KEEP_LAST;
        case BS_ALERT_NO_DATA_NO_DATA:
        default:
          return HANDLE_NO_DATA;
        }
    case BS_ALERT_RESULT_ERROR:
      switch (rule->on_error)
        {
        case BS_ALERT_ON_ERROR_ALERTING:
          *reason = BS_ALERT_REASON_ERROR;
          return HANDLE_ALERTING;
        case BS_ALERT_ON_ERROR_KEEP_LAST:
          *reason = BS_ALERT_REASON_ERROR_KEEP_LAST;
          return HANDLE_KEEP_LAST;
        case BS_ALERT_ON_ERROR_ERROR:
        default:
          return HANDLE_ERROR;
        }
    case BS_ALERT_RESULT_NORMAL:
    default:
      return HANDLE_NORMAL;
    }
}

static BsAlertState
state_of_result (BsAlertResult result)
{
  switch (result)
    {
    case BS_ALERT_RESULT_ALERTING:
      return BS_ALERT_STATE_ALERTING;
    case BS_ALERT_RESULT_NO_DATA:
      return BS_ALERT_STATE_NO_DATA;
    case BS_ALERT_RESULT_ERROR:
      return BS_ALERT_STATE_ERROR;
    case BS_ALERT_RESULT_NORMAL:
    default:
      return BS_ALERT_STATE_NORMAL;
    }
}

static BsAlertChange
change_between (BsAlertState from,
                BsAlertState to)
{
  if (to == BS_ALERT_STATE_ALERTING && !bs_alert_state_is_firing (from))
    return BS_ALERT_CHANGE_FIRING;
  if (to == BS_ALERT_STATE_NORMAL && bs_alert_state_is_firing (from))
    return BS_ALERT_CHANGE_RESOLVED;
  return BS_ALERT_CHANGE_NONE;
}

BsAlertStateInfo
bs_alert_state_next (const BsAlertStateInfo *previous,
                     BsAlertResult           result,
                     const BsAlertRule      *rule,
                     gint64                  now,
                     BsAlertChange          *out_change)
{
  BsAlertStateInfo info = { BS_ALERT_STATE_NORMAL, BS_ALERT_REASON_NONE, now, now, 0 };
  BsAlertState from;
  BsAlertReason reason;

  g_return_val_if_fail (rule != NULL, info);

  if (previous != NULL)
    info = *previous;
  from = info.state;

  switch (handling_of (result, rule, &reason))
    {
    case HANDLE_ALERTING:
      handle_alerting (&info, rule, now);
      break;
    case HANDLE_NORMAL:
      handle_normal (&info, rule, now);
      break;
    case HANDLE_NO_DATA:
      set_state (&info, BS_ALERT_STATE_NO_DATA, now);
      break;
    case HANDLE_ERROR:
      set_state (&info, BS_ALERT_STATE_ERROR, now);
      break;
    case HANDLE_KEEP_LAST:
    default:
      handle_keep_last (&info, rule, now);
      break;
    }

  /* Grafana's rule: a reason explains a state that is not what the result said, and only
   * for results that need explaining. */
  if (result == BS_ALERT_RESULT_NORMAL || result == BS_ALERT_RESULT_ALERTING
      || info.state == state_of_result (result))
    reason = BS_ALERT_REASON_NONE;
  info.reason = reason;
  info.last_eval_at = now;
  info.missing_evals = 0;

  if (out_change != NULL)
    *out_change = change_between (from, info.state);
  return info;
}

BsAlertStateInfo
bs_alert_state_missing (const BsAlertStateInfo *previous,
                        const BsAlertRule      *rule,
                        gint64                  now,
                        BsAlertChange          *out_change,
                        gboolean               *out_evict)
{
  BsAlertStateInfo info = { BS_ALERT_STATE_NORMAL, BS_ALERT_REASON_NONE, now, now, 0 };
  gboolean evict = FALSE;

  g_return_val_if_fail (previous != NULL, info);
  g_return_val_if_fail (rule != NULL, info);

  info = *previous;
  info.missing_evals++;
  if (info.missing_evals >= BS_ALERT_MISSING_EVALS_TO_RESOLVE)
    {
      set_state (&info, BS_ALERT_STATE_NORMAL, now);
      info.reason = BS_ALERT_REASON_MISSING_SERIES;
      evict = TRUE;
    }

  if (out_change != NULL)
    *out_change = change_between (previous->state, info.state);
  if (out_evict != NULL)
    *out_evict = evict;
  return info;
}

const char *
bs_alert_state_to_string (BsAlertState state)
{
  g_return_val_if_fail (state <= BS_ALERT_STATE_ERROR, NULL);

  return state_names[state];
}

gboolean
bs_alert_state_from_string (const char   *text,
                            BsAlertState *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *out = (BsAlertState) i;
        return TRUE;
      }
  return FALSE;
}

const char *
bs_alert_state_to_grafana (BsAlertState state)
{
  g_return_val_if_fail (state <= BS_ALERT_STATE_ERROR, NULL);

  return grafana_names[state];
}

const char *
bs_alert_reason_to_string (BsAlertReason reason)
{
  g_return_val_if_fail (reason <= BS_ALERT_REASON_UPDATED, NULL);

  return reason_names[reason];
}

gboolean
bs_alert_reason_from_string (const char    *text,
                             BsAlertReason *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    {
      *out = BS_ALERT_REASON_NONE;
      return TRUE;
    }
  for (guint i = 1; i < G_N_ELEMENTS (reason_names); i++)
    if (g_strcmp0 (text, reason_names[i]) == 0)
      {
        *out = (BsAlertReason) i;
        return TRUE;
      }
  return FALSE;
}

const char *
bs_alert_state_get_label (BsAlertState state)
{
  g_return_val_if_fail (state <= BS_ALERT_STATE_ERROR, NULL);

  return _(state_labels[state]);
}
