#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-promql.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-view-query.h"
#include "bs-frame-view.h"
#include "bs-json-fields.h"
#include "bs-markdown-view.h"
#include "bs-panel-chart.h"
#include "bs-panel-type.h"

/* A quick answer replaces the empty body without a spinner flashing in between. */
#define SPINNER_DELAY_MS 300
/* How much of a foreign query the "needs a data source" state quotes. */
#define EXPRESSION_CHARS 80
/* Below these heights of the body, a state's words lose first the icon, then the text
 * (which stays in the title's tooltip): a 4-row stat has 80 pixels for them. */
#define MESSAGE_ICON_MIN_HEIGHT 170
#define MESSAGE_TEXT_MIN_HEIGHT 100

typedef enum
{
  MESSAGE_FULL,
  MESSAGE_NO_ICON,
  MESSAGE_TITLE_ONLY,
} MessageLevel;

struct _BsDashboardPanelView
{
  GtkWidget                  parent_instance;

  BsPanelData               *data;
  BsDashboardPanel          *panel;       /* a copy */
  BsPanelKind                kind;
  BsQuery                   *query;       /* as the dashboard runs it; NULL without one */
  /* An imported panel's PromQL: what its request is made of at each run (the dashboard
   * without its panels, and the variables' values), and what it says with no Prometheus
   * source to run on. NULL for any other panel. */
  BsDashboard               *promql_context;
  GHashTable                *promql_values;
  char                      *needs_source_words;
  char                      *query_key;   /* the query's or request's text, while it runs
                                           * or its answer shows */
  JsonObject                *frame;       /* the answer to query_key */
  gboolean                   answered;    /* query_key's answer (or error) is shown */
  GCancellable              *cancellable;
  guint                      spinner_id;
  BsDashboardPanelViewState  state;
  char                      *message;
  gboolean                   editable;

  GtkWidget                 *header;
  GtkWidget                 *title_label;
  GtkWidget                 *menu_button;
  GtkWidget                 *stack;
  GtkWidget                 *spinner;
  GtkWidget                 *content_box;
  GtkWidget                 *content;
  GtkWidget                 *message_icon;
  GtkWidget                 *message_title;
  GtkWidget                 *message_label;
  GtkWidget                 *message_button;
  gboolean                   message_has_text;
  MessageLevel               message_level;
  guint                      message_level_id;
  MessageLevel               pending_level;
  GSimpleActionGroup        *actions;
};

G_DEFINE_FINAL_TYPE (BsDashboardPanelView, bs_dashboard_panel_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EDITABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LOADED,
  EDIT_REQUESTED,
  DUPLICATE_REQUESTED,
  DELETE_REQUESTED,
  CREATE_ALERT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_query (BsDashboardPanelView *self);

/* Actions and states */

static void
enable_action (BsDashboardPanelView *self,
               const char           *name,
               gboolean              enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (BsDashboardPanelView *self)
{
  gboolean has_panel = self->panel != NULL;
  gboolean runs = self->query != NULL || self->promql_context != NULL;

  enable_action (self, "edit", has_panel && self->editable);
  enable_action (self, "duplicate", has_panel && self->editable);
  enable_action (self, "delete", has_panel && self->editable);
  enable_action (self, "create-alert", self->query != NULL);
  enable_action (self, "refresh", runs);
  /* A viewer looking at a text panel has nothing to choose from. */
  gtk_widget_set_visible (self->menu_button, (has_panel && self->editable) || runs);
}

static void
stop_spinner (BsDashboardPanelView *self)
{
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
}

static void
set_state (BsDashboardPanelView      *self,
           BsDashboardPanelViewState  state,
           const char                *message)
{
  BsDashboardPanelViewState old = self->state;

  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  if (state != BS_DASHBOARD_PANEL_VIEW_LOADING)
    stop_spinner (self);
  if (state == BS_DASHBOARD_PANEL_VIEW_READY)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "content");
  else if (state != BS_DASHBOARD_PANEL_VIEW_LOADING)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "message");
  if (old == BS_DASHBOARD_PANEL_VIEW_LOADING && state != BS_DASHBOARD_PANEL_VIEW_LOADING)
    g_signal_emit (self, signals[LOADED], 0);
}

static void
apply_message_level (BsDashboardPanelView *self)
{
  gtk_widget_set_visible (self->message_icon, self->message_level == MESSAGE_FULL);
  gtk_widget_set_visible (self->message_label,
                          self->message_has_text && self->message_level != MESSAGE_TITLE_ONLY);
}

/* The message page: an icon, a title, the words, and the button that acts on them (an
 * action of the "panel" group, or none). */
static void
show_message (BsDashboardPanelView      *self,
              BsDashboardPanelViewState  state,
              const char                *icon_name,
              const char                *title,
              const char                *text,
              const char                *button_label,
              const char                *button_action)
{
  g_autofree char *message = text != NULL ? g_strdup_printf ("%s\n%s", title, text)
                                          : g_strdup (title);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->message_icon), icon_name);
  gtk_label_set_label (GTK_LABEL (self->message_title), title);
  gtk_label_set_label (GTK_LABEL (self->message_label), text);
  self->message_has_text = text != NULL;
  /* The words are cut to a few lines in a small panel; the tooltips have them all. */
  gtk_widget_set_tooltip_text (self->message_label, text);
  gtk_widget_set_tooltip_text (self->message_title, text);
  apply_message_level (self);
  gtk_widget_set_visible (self->message_button, button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->message_button), button_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->message_button), button_action);
    }
  set_state (self, state, message);
}

static void
cancel_run (BsDashboardPanelView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
forget_promql (BsDashboardPanelView *self)
{
  g_clear_pointer (&self->promql_context, bs_dashboard_free);
  g_clear_pointer (&self->promql_values, g_hash_table_unref);
  g_clear_pointer (&self->needs_source_words, g_free);
}

/* Forgets the query and its answer: the panel shows something that needs none. */
static void
drop_query (BsDashboardPanelView *self)
{
  cancel_run (self);
  g_clear_pointer (&self->query, bs_query_free);
  forget_promql (self);
  g_clear_pointer (&self->query_key, g_free);
  g_clear_pointer (&self->frame, json_object_unref);
  self->answered = FALSE;
}

/* Content */

static GType
content_type_for_kind (BsPanelKind kind)
{
  switch (kind)
    {
    case BS_PANEL_KIND_TIMESERIES:
    case BS_PANEL_KIND_BAR:
    case BS_PANEL_KIND_STAT:
    case BS_PANEL_KIND_GAUGE:
    case BS_PANEL_KIND_PIE:
      return BS_TYPE_PANEL_CHART;
    case BS_PANEL_KIND_TABLE:
      return BS_TYPE_FRAME_VIEW;
    case BS_PANEL_KIND_TEXT:
      return BS_TYPE_MARKDOWN_VIEW;
    case BS_PANEL_KIND_ROW:
    case BS_PANEL_KIND_OTHER:
    default:
      return G_TYPE_NONE;
    }
}

/* The content widget for the panel's kind, made (or replaced) when the kind changed. */
static GtkWidget *
ensure_content (BsDashboardPanelView *self)
{
  GType type = content_type_for_kind (self->kind);

  if (self->content != NULL && G_OBJECT_TYPE (self->content) == type)
    return self->content;
  if (self->content != NULL)
    gtk_box_remove (GTK_BOX (self->content_box), self->content);
  self->content = NULL;
  if (type == G_TYPE_NONE)
    return NULL;

  if (type == BS_TYPE_PANEL_CHART)
    self->content = bs_panel_chart_new ();
  else if (type == BS_TYPE_FRAME_VIEW)
    {
      self->content = bs_frame_view_new ();
      bs_frame_view_set_empty_text (BS_FRAME_VIEW (self->content),
                                    _("No data in this time range"), NULL);
    }
  else
    self->content = bs_markdown_view_new ();
  gtk_widget_set_hexpand (self->content, TRUE);
  gtk_widget_set_vexpand (self->content, TRUE);
  gtk_box_append (GTK_BOX (self->content_box), self->content);
  return self->content;
}

/* Whether any row has a value: a sum over no rows is one row with a null. */
static gboolean
frame_has_values (JsonObject *frame)
{
  JsonNode *rows = json_object_get_member (frame, "rows");
  JsonArray *array;

  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    return FALSE;
  array = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *row = json_array_get_element (array, i);
      JsonArray *cells;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (row))
        continue;
      cells = json_node_get_array (row);
      n = json_array_get_length (cells);
      if (n > 0 && !JSON_NODE_HOLDS_NULL (json_array_get_element (cells, n - 1)))
        return TRUE;
    }
  return FALSE;
}

static void
show_frame (BsDashboardPanelView *self)
{
  GtkWidget *content;

  if (!frame_has_values (self->frame))
    {
      show_message (self, BS_DASHBOARD_PANEL_VIEW_EMPTY, "edit-find-symbolic",
                    _("No data in this time range"),
                    _("Nothing matches this panel’s query in the dashboard’s time range."),
                    NULL, NULL);
      return;
    }

  content = ensure_content (self);
  if (BS_IS_PANEL_CHART (content))
    {
      bs_panel_chart_set_panel (BS_PANEL_CHART (content), self->panel);
      bs_panel_chart_set_frame (BS_PANEL_CHART (content), self->frame);
    }
  else if (BS_IS_FRAME_VIEW (content))
    bs_frame_view_set_frame (BS_FRAME_VIEW (content), self->frame);
  set_state (self, BS_DASHBOARD_PANEL_VIEW_READY, NULL);
}

static char *
error_words (const GError *error)
{
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
    return g_strdup_printf (_("The Business Engine did not answer. Check that it is "
                              "running, then try again. (%s)"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_BAD_REQUEST))
    return g_strdup_printf (_("The engine cannot run this panel’s query: %s"),
                            error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_SERVER))
    return g_strdup_printf (_("The data source could not answer: %s"), error->message);
  return g_strdup_printf (_("The panel’s data could not be read: %s"), error->message);
}

/* Running the query */

static void show_needs_source (BsDashboardPanelView *self,
                               const char           *words);

/* Shows the answer of a run: @frame (taken), or @error. */
static void
show_answer (BsDashboardPanelView *self,
             JsonObject           *frame,
             const GError         *error)
{
  g_clear_object (&self->cancellable);
  self->answered = TRUE;
  if (g_error_matches (error, BS_PANEL_DATA_ERROR, BS_PANEL_DATA_ERROR_NO_SOURCE))
    show_needs_source (self, self->needs_source_words);
  else if (error != NULL)
    {
      g_autofree char *words = error_words (error);

      show_message (self, BS_DASHBOARD_PANEL_VIEW_ERROR, "dialog-warning-symbolic",
                    _("The data could not be loaded"), words, _("_Try Again"),
                    "panel.refresh");
    }
  else
    {
      g_clear_pointer (&self->frame, json_object_unref);
      self->frame = frame;
      show_frame (self);
    }
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BsDashboardPanelView) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *frame;

  frame = bs_panel_data_run_finish (BS_PANEL_DATA (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_answer (self, frame, error);
}

static gboolean
spinner_cb (gpointer user_data)
{
  BsDashboardPanelView *self = user_data;

  self->spinner_id = 0;
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  return G_SOURCE_REMOVE;
}

/* The request of the PromQL panel as of now, or NULL after showing why there is none. */
static BsPromqlRequest *
make_promql_request (BsDashboardPanelView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  BsPromqlRequest *request;

  request = bs_promql_request_new (self->promql_context, self->panel, self->promql_values,
                                   now, &error);
  if (request == NULL)
    show_message (self, BS_DASHBOARD_PANEL_VIEW_ERROR, "dialog-warning-symbolic",
                  _("This panel’s time range cannot be read"),
                  error != NULL ? error->message : NULL, NULL, NULL);
  return request;
}

static void
run_query (BsDashboardPanelView *self)
{
  BsPromqlRequest *request = NULL;

  g_assert (self->query != NULL || self->promql_context != NULL);

  cancel_run (self);
  self->answered = FALSE;
  stop_spinner (self);
  set_state (self, BS_DASHBOARD_PANEL_VIEW_LOADING, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "blank");
  if (self->data == NULL)
    return;

  if (self->query == NULL && (request = make_promql_request (self)) == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, spinner_cb, self);
  if (request != NULL)
    bs_panel_data_run_promql_async (self->data, request, self->cancellable, run_cb,
                                    g_object_ref (self));
  else
    bs_panel_data_run_async (self->data, self->query, self->cancellable, run_cb,
                             g_object_ref (self));
}

/* Panels whose query is not ours */

static const char *
pretty_source_type (const char *type)
{
  static const struct
  {
    const char *type;
    const char *name;
  } names[] = {
    { "prometheus", "Prometheus" },
    { "loki", "Loki" },
    { "influxdb", "InfluxDB" },
    { "elasticsearch", "Elasticsearch" },
    { "graphite", "Graphite" },
    { "mysql", "MySQL" },
    { "postgres", "PostgreSQL" },
    { "grafana-postgresql-datasource", "PostgreSQL" },
    { "mssql", "Microsoft SQL Server" },
    { "cloudwatch", "CloudWatch" },
    { "tempo", "Tempo" },
    { "testdata", "TestData" },
    { "grafana-testdata-datasource", "TestData" },
    /* Grafana's own sources: "-- Grafana --", "-- Mixed --", "-- Dashboard --". */
    { "datasource", "Grafana" },
    { "grafana", "Grafana" },
    { "__expr__", "Grafana expressions" },
  };

  if (type == NULL || *type == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (type, names[i].type) == 0)
        return names[i].name;
    }
  return type;
}



/* The plug-in an exported dashboard's "${DS_NAME}" input stands for ("Prometheus"). */
static const char *
input_plugin_name (const BsDashboard *dashboard,
                   const char        *reference)
{
  JsonNode *inputs = json_object_get_member (dashboard->json, "__inputs");
  g_autofree char *name = NULL;
  gsize len = strlen (reference);

  if (inputs == NULL || !JSON_NODE_HOLDS_ARRAY (inputs)
      || len < 4 || !g_str_has_prefix (reference, "${") || reference[len - 1] != '}')
    return NULL;
  name = g_strndup (reference + 2, len - 3);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (inputs)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (inputs), i);
      JsonObject *input;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      input = json_node_get_object (element);
      if (g_strcmp0 (bs_json_member_string (input, "name"), name) == 0)
        {
          const char *plugin = bs_json_member_string (input, "pluginName");

          return plugin != NULL ? plugin : pretty_source_type (bs_json_member_string (input,
                                                                              "pluginId"));
        }
    }
  return NULL;
}

/* The data source a foreign target asks: its kind ("Prometheus") and the name or uid the
 * dashboard gives it, either possibly NULL. */
static void
describe_source (const BsDashboard *dashboard,
                 JsonNode          *datasource,
                 const char       **kind,
                 const char       **reference)
{
  *kind = NULL;
  *reference = NULL;
  if (datasource == NULL)
    return;
  if (JSON_NODE_HOLDS_VALUE (datasource)
      && json_node_get_value_type (datasource) == G_TYPE_STRING)
    *reference = json_node_get_string (datasource);
  else if (JSON_NODE_HOLDS_OBJECT (datasource))
    {
      JsonObject *object = json_node_get_object (datasource);

      *kind = pretty_source_type (bs_json_member_string (object, "type"));
      *reference = bs_json_member_string (object, "uid");
    }
  if (*reference != NULL && **reference == '\0')
    *reference = NULL;
  if (*kind == NULL && *reference != NULL)
    *kind = input_plugin_name (dashboard, *reference);
}

/* A query text on one line, cut to EXPRESSION_CHARS characters. */
static char *
shorten_expression (const char *text)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean space = FALSE;
  glong length;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = line->len > 0;
      else
        {
          if (space)
            g_string_append_c (line, ' ');
          space = FALSE;
          g_string_append_c (line, *p);
        }
    }
  if (line->len == 0)
    return NULL;
  length = g_utf8_strlen (line->str, -1);
  if (length > EXPRESSION_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (line->str, EXPRESSION_CHARS - 1);

      g_string_truncate (line, cut - line->str);
      g_string_append (line, "…");
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* The query text of a foreign target, by the member each kind of source keeps it in. */
static const char *
target_expression (JsonObject *target)
{
  static const char *const members[] = { "expr", "query", "rawSql", "target", "expression" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *text = bs_json_member_string (target, members[i]);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

static gboolean
is_our_datasource (JsonNode *datasource)
{
  return datasource != NULL && JSON_NODE_HOLDS_OBJECT (datasource)
         && g_strcmp0 (bs_json_member_string (json_node_get_object (datasource), "type"),
                       BS_DASHBOARD_DATASOURCE_TYPE) == 0;
}

/* The first target that asks another data source for something, or NULL. */
static JsonObject *
foreign_target (const BsDashboardPanel *panel)
{
  JsonArray *targets;

  if (panel->targets == NULL || !JSON_NODE_HOLDS_ARRAY (panel->targets))
    return NULL;
  targets = json_node_get_array (panel->targets);
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *element = json_array_get_element (targets, i);
      JsonObject *target;
      JsonNode *datasource;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      target = json_node_get_object (element);
      datasource = json_object_get_member (target, "datasource");
      if (is_our_datasource (datasource))
        continue;
      if (target_expression (target) != NULL
          || (datasource != NULL && !JSON_NODE_HOLDS_NULL (datasource)))
        return target;
    }
  return NULL;
}

static char *
needs_source_words (const BsDashboard      *dashboard,
                    const BsDashboardPanel *panel,
                    JsonObject             *target)
{
  JsonNode *datasource = target != NULL ? json_object_get_member (target, "datasource") : NULL;
  g_autofree char *expression = NULL;
  const char *kind, *reference;

  if (datasource == NULL || JSON_NODE_HOLDS_NULL (datasource))
    datasource = panel->datasource;
  describe_source (dashboard, datasource, &kind, &reference);
  if (target != NULL && target_expression (target) != NULL)
    expression = shorten_expression (target_expression (target));

  if (expression != NULL)
    {
      /* Translators: "This panel asks Prometheus (“${DS_PROMETHEUS}”) for: rate(…)". */
      if (kind != NULL && reference != NULL && g_strcmp0 (kind, reference) != 0)
        return g_strdup_printf (_("This panel asks %s (“%s”) for: %s"),
                                kind, reference, expression);
      if (kind != NULL || reference != NULL)
        return g_strdup_printf (_("This panel asks %s for: %s"),
                                kind != NULL ? kind : reference, expression);
      return g_strdup_printf (_("This panel asks another data source for: %s"), expression);
    }
  if (kind != NULL && reference != NULL && g_strcmp0 (kind, reference) != 0)
    return g_strdup_printf (_("This panel reads from %s (“%s”), which is not set up here."),
                            kind, reference);
  if (kind != NULL || reference != NULL)
    return g_strdup_printf (_("This panel reads from %s, which is not set up here."),
                            kind != NULL ? kind : reference);
  return g_strdup (_("This panel reads from a data source that is not set up here."));
}

/* A viewer is not asked to choose what they cannot. */
static void
show_no_query (BsDashboardPanelView *self)
{
  if (self->editable)
    show_message (self, BS_DASHBOARD_PANEL_VIEW_NO_QUERY, "list-add-symbolic",
                  _("No data chosen yet"),
                  _("Choose what this panel shows: a table, a measure and a time range."),
                  _("_Choose Data"), "panel.edit");
  else
    show_message (self, BS_DASHBOARD_PANEL_VIEW_NO_QUERY, "list-add-symbolic",
                  _("No data chosen"), NULL, NULL, NULL);
}

static void
show_needs_source (BsDashboardPanelView *self,
                   const char           *words)
{
  show_message (self, BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE, "network-server-symbolic",
                _("Needs a data source"), words,
                self->editable ? _("_Choose Data") : NULL, "panel.edit");
}

static void
show_without_query (BsDashboardPanelView *self,
                    const BsDashboard    *dashboard)
{
  JsonObject *target = foreign_target (self->panel);

  if (target != NULL
      || (self->panel->datasource != NULL && !JSON_NODE_HOLDS_NULL (self->panel->datasource)
          && !is_our_datasource (self->panel->datasource)))
    {
      g_autofree char *words = needs_source_words (dashboard, self->panel, target);

      show_needs_source (self, words);
    }
  else
    show_no_query (self);
}

/* What decides whether a PromQL panel's answer still holds: not the times, which move on
 * with every request, but the source, step, span and targets. */
static char *
promql_key (const BsPromqlRequest *request)
{
  GString *key = g_string_new (NULL);

  g_string_append_printf (key, "%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                          request->datasource != NULL ? request->datasource : "",
                          request->step_ms, request->end_ms - request->start_ms);
  for (guint i = 0; i < request->targets->len; i++)
    {
      const BsPromqlTarget *target = g_ptr_array_index (request->targets, i);

      g_string_append_printf (key, "\n%s\t%s\t%s\t%d", target->ref_id, target->expr,
                              target->legend_format != NULL ? target->legend_format : "",
                              target->instant);
    }
  return g_string_free (key, FALSE);
}

static GHashTable *
copy_values (GHashTable *values)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  if (values != NULL)
    {
      g_hash_table_iter_init (&iter, values);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
    }
  return copy;
}

/* An imported panel asking Prometheus: run on the workspace's Prometheus source, or said to
 * need one when there is none. */
static void
show_promql (BsDashboardPanelView *self,
             const BsDashboard    *dashboard,
             GHashTable           *values)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsPromqlRequest) request = NULL;
  g_autofree char *key = NULL;
  gboolean same;

  g_clear_pointer (&self->query, bs_query_free);
  forget_promql (self);
  self->promql_context = bs_dashboard_copy_header (dashboard);
  self->promql_values = copy_values (values);
  self->needs_source_words = needs_source_words (dashboard, self->panel,
                                                 foreign_target (self->panel));

  request = make_promql_request (self);
  key = request != NULL ? promql_key (request) : NULL;
  same = key != NULL && g_strcmp0 (key, self->query_key) == 0;
  if (same && (self->answered || self->cancellable != NULL))
    {
      if (self->answered && self->frame != NULL)
        show_frame (self);
      return;
    }
  g_free (self->query_key);
  self->query_key = g_steal_pointer (&key);
  g_clear_pointer (&self->frame, json_object_unref);
  if (request != NULL)
    run_query (self);
}

/* Setting the panel */

static void
show_text (BsDashboardPanelView *self)
{
  JsonObject *options = bs_json_member_object (self->panel->json, "options");
  const char *content = bs_json_member_string (options, "content");

  bs_markdown_view_set_text (BS_MARKDOWN_VIEW (ensure_content (self)),
                             content != NULL ? content : "");
  set_state (self, BS_DASHBOARD_PANEL_VIEW_READY, NULL);
}

static void
show_unsupported (BsDashboardPanelView *self)
{
  g_autofree char *words = NULL;

  ensure_content (self);
  words = g_strdup_printf (_("“%s” panels come from a Grafana plug-in that is not drawn "
                             "here. The panel is kept as it is and exported unchanged."),
                           self->panel->type);
  show_message (self, BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED, "application-x-addon-symbolic",
                _("Shown in Grafana"), words, NULL, NULL);
}

static void
update_header (BsDashboardPanelView *self)
{
  const char *description = bs_json_member_string (self->panel->json, "description");

  gtk_label_set_label (GTK_LABEL (self->title_label), self->panel->title);
  gtk_widget_set_tooltip_text (self->title_label,
                               description != NULL && *description != '\0' ? description
                                                                            : NULL);
}

/* A panel with a query: runs it when it differs from the one shown or running. */
static void
show_query (BsDashboardPanelView *self,
            BsQuery              *query)
{
  g_autoptr(JsonNode) json = bs_query_to_json (query);
  g_autofree char *key = json_to_string (json, FALSE);

  g_clear_pointer (&self->query, bs_query_free);
  forget_promql (self);
  self->query = query;
  if (g_strcmp0 (key, self->query_key) == 0 && (self->answered || self->cancellable != NULL))
    {
      /* The same data, perhaps in another kind of panel, or with another unit. */
      if (self->answered && self->frame != NULL)
        show_frame (self);
      return;
    }
  g_free (self->query_key);
  self->query_key = g_steal_pointer (&key);
  g_clear_pointer (&self->frame, json_object_unref);
  run_query (self);
}

void
bs_dashboard_panel_view_set_panel (BsDashboardPanelView   *self,
                                   const BsDashboard      *dashboard,
                                   const BsDashboardPanel *panel,
                                   GHashTable             *values)
{
  g_autoptr(GError) error = NULL;
  BsQuery *query = NULL;

  g_return_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self));
  g_return_if_fail (dashboard != NULL);
  g_return_if_fail (panel != NULL);

  g_clear_pointer (&self->panel, bs_dashboard_panel_free);
  self->panel = bs_dashboard_panel_copy (panel);
  self->kind = bs_panel_kind_from_type (panel->type);
  update_header (self);

  if (content_type_for_kind (self->kind) == G_TYPE_NONE)
    {
      drop_query (self);
      show_unsupported (self);
    }
  else if (self->kind == BS_PANEL_KIND_TEXT)
    {
      drop_query (self);
      show_text (self);
    }
  else if ((query = bs_dashboard_view_query (dashboard, panel, values, &error)) != NULL)
    show_query (self, query);
  else if (error == NULL && self->data != NULL && bs_dashboard_panel_is_promql (dashboard, panel))
    show_promql (self, dashboard, values);
  else if (error != NULL)
    {
      drop_query (self);
      show_message (self, BS_DASHBOARD_PANEL_VIEW_ERROR, "dialog-warning-symbolic",
                    _("This panel’s query cannot be read"), error->message,
                    self->editable ? _("_Choose Data") : NULL, "panel.edit");
    }
  else
    {
      drop_query (self);
      show_without_query (self, dashboard);
    }
  update_actions (self);
}

gint64
bs_dashboard_panel_view_get_panel_id (BsDashboardPanelView *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self), 0);

  return self->panel != NULL ? self->panel->id : 0;
}

void
bs_dashboard_panel_view_refresh (BsDashboardPanelView *self)
{
  g_return_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self));

  if (self->query != NULL || self->promql_context != NULL)
    run_query (self);
}

void
bs_dashboard_panel_view_set_data (BsDashboardPanelView *self,
                                  BsPanelData          *data)
{
  g_return_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self));
  g_return_if_fail (data == NULL || BS_IS_PANEL_DATA (data));

  if (!g_set_object (&self->data, data))
    return;
  /* Another engine may answer otherwise: what is shown came from the previous one. */
  if (self->query != NULL || self->promql_context != NULL)
    run_query (self);
}

void
bs_dashboard_panel_view_set_editable (BsDashboardPanelView *self,
                                      gboolean              editable)
{
  g_return_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  /* The "Choose Data" buttons come and go with it. */
  if (self->state == BS_DASHBOARD_PANEL_VIEW_NO_QUERY)
    show_no_query (self);
  else if (self->state == BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE
           || (self->state == BS_DASHBOARD_PANEL_VIEW_ERROR && self->query == NULL))
    {
      gtk_button_set_label (GTK_BUTTON (self->message_button), _("_Choose Data"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->message_button), "panel.edit");
      gtk_widget_set_visible (self->message_button, editable);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

BsDashboardPanelViewState
bs_dashboard_panel_view_get_state (BsDashboardPanelView *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self), BS_DASHBOARD_PANEL_VIEW_LOADING);

  return self->state;
}

const char *
bs_dashboard_panel_view_get_message (BsDashboardPanelView *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self), NULL);

  return self->message;
}

GtkWidget *
bs_dashboard_panel_view_get_content (BsDashboardPanelView *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self), NULL);

  return self->content;
}

JsonObject *
bs_dashboard_panel_view_get_frame (BsDashboardPanelView *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PANEL_VIEW (self), NULL);

  return self->answered ? self->frame : NULL;
}

/* Menu */

static void
edit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_signal_emit (user_data, signals[EDIT_REQUESTED], 0);
}

static void
duplicate_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_signal_emit (user_data, signals[DUPLICATE_REQUESTED], 0);
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  g_signal_emit (user_data, signals[DELETE_REQUESTED], 0);
}

static void
create_alert_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  BsDashboardPanelView *self = user_data;
  g_autoptr(BsQuery) query = NULL;

  if (self->query == NULL)
    return;
  /* A copy: a handler may keep it while the panel runs another. */
  query = bs_query_copy (self->query);
  g_signal_emit (self, signals[CREATE_ALERT_REQUESTED], 0, query);
}

static void
refresh_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  bs_dashboard_panel_view_refresh (user_data);
}

static const GActionEntry action_entries[] = {
  { "edit", edit_activated, NULL, NULL, NULL, { 0 } },
  { "duplicate", duplicate_activated, NULL, NULL, NULL, { 0 } },
  { "delete", delete_activated, NULL, NULL, NULL, { 0 } },
  { "create-alert", create_alert_activated, NULL, NULL, NULL, { 0 } },
  { "refresh", refresh_activated, NULL, NULL, NULL, { 0 } },
};

static void
append_item (GMenu      *section,
             const char *label,
             const char *action)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, action);

  /* A viewer sees only what a viewer can do. */
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
  g_menu_append_item (section, item);
}

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) editing = g_menu_new ();
  g_autoptr(GMenu) alerting = g_menu_new ();
  g_autoptr(GMenu) data = g_menu_new ();

  append_item (editing, _("_Edit"), "panel.edit");
  append_item (editing, _("D_uplicate"), "panel.duplicate");
  append_item (editing, _("_Delete"), "panel.delete");
  append_item (alerting, _("Create _Alert From This Panel"), "panel.create-alert");
  append_item (data, _("_Refresh"), "panel.refresh");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (editing));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (alerting));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (data));
  return G_MENU_MODEL (menu);
}

/* Building */

static void
build_header (BsDashboardPanelView *self)
{
  g_autoptr(GMenuModel) menu = build_menu ();

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_add_css_class (self->header, "bs-panel-header");
  /* The canvas drags panels by this bar: exactly its handle's height. */
  gtk_widget_set_size_request (self->header, -1, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (self->title_label), TRUE);
  gtk_widget_set_hexpand (self->title_label, TRUE);
  gtk_widget_add_css_class (self->title_label, "bs-panel-title");
  gtk_box_append (GTK_BOX (self->header), self->title_label);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (self->menu_button), FALSE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), menu);
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->menu_button, _("Panel Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Panel Menu"), -1);
  gtk_box_append (GTK_BOX (self->header), self->menu_button);
}

static GtkWidget *
build_message_page (BsDashboardPanelView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  /* Scrolls rather than asking for more height than a small panel has. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (box, "bs-panel-message");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, TRUE);

  self->message_icon = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->message_icon), 24);
  gtk_widget_add_css_class (self->message_icon, "dim-label");
  gtk_box_append (GTK_BOX (box), self->message_icon);

  self->message_title = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message_title), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->message_title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->message_title, "heading");
  gtk_box_append (GTK_BOX (box), self->message_title);

  self->message_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->message_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (self->message_label), 4);
  gtk_label_set_ellipsize (GTK_LABEL (self->message_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_justify (GTK_LABEL (self->message_label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (self->message_label), 60);
  gtk_label_set_selectable (GTK_LABEL (self->message_label), FALSE);
  gtk_widget_add_css_class (self->message_label, "dim-label");
  gtk_box_append (GTK_BOX (box), self->message_label);

  self->message_button = gtk_button_new_with_mnemonic ("");
  gtk_button_set_use_underline (GTK_BUTTON (self->message_button), TRUE);
  /* A panel three columns wide is narrower than "Choose Data": the words shrink rather
   * than widen the panel's content past its edges. */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->message_button))),
                           PANGO_ELLIPSIZE_END);
  gtk_widget_set_halign (self->message_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->message_button, 6);
  gtk_box_append (GTK_BOX (box), self->message_button);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  return scrolled;
}

static void
build_body (BsDashboardPanelView *self)
{
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_widget_set_hexpand (self->stack, TRUE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  gtk_stack_add_named (GTK_STACK (self->stack), gtk_box_new (GTK_ORIENTATION_VERTICAL, 0),
                       "blank");

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_halign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->spinner, 24, 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
  gtk_stack_add_named (GTK_STACK (self->stack), self->spinner, "loading");

  self->content_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->content_box, "bs-panel-content");
  gtk_stack_add_named (GTK_STACK (self->stack), self->content_box, "content");

  gtk_stack_add_named (GTK_STACK (self->stack), build_message_page (self), "message");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "blank");
}

/* Layout: the title bar at the top, exactly the canvas's handle tall, the body below. */

static gboolean
message_level_cb (gpointer user_data)
{
  BsDashboardPanelView *self = user_data;

  self->message_level_id = 0;
  self->message_level = self->pending_level;
  apply_message_level (self);
  return G_SOURCE_REMOVE;
}

static void
bs_dashboard_panel_view_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (widget);
  int header_min, header_nat, body_min, body_nat;
  int body_for = for_size;

  if (orientation == GTK_ORIENTATION_HORIZONTAL && for_size >= 0)
    body_for = MAX (for_size - BS_DASHBOARD_CANVAS_HANDLE_HEIGHT, 0);
  gtk_widget_measure (self->header, orientation, orientation == GTK_ORIENTATION_HORIZONTAL
                                                 ? -1 : for_size,
                      &header_min, &header_nat, NULL, NULL);
  gtk_widget_measure (self->stack, orientation, body_for, &body_min, &body_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = BS_DASHBOARD_CANVAS_HANDLE_HEIGHT + body_min;
      *natural = BS_DASHBOARD_CANVAS_HANDLE_HEIGHT + body_nat;
    }
  else
    {
      *minimum = MAX (header_min, body_min);
      *natural = MAX (header_nat, body_nat);
    }
}

static void
bs_dashboard_panel_view_size_allocate (GtkWidget *widget,
                                       int        width,
                                       int        height,
                                       int        baseline)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (widget);
  int body = MAX (height - BS_DASHBOARD_CANVAS_HANDLE_HEIGHT, 0);
  MessageLevel level = body >= MESSAGE_ICON_MIN_HEIGHT ? MESSAGE_FULL
                       : body >= MESSAGE_TEXT_MIN_HEIGHT ? MESSAGE_NO_ICON
                       : MESSAGE_TITLE_ONLY;

  gtk_widget_allocate (self->header, width, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT, -1, NULL);
  gtk_widget_allocate (self->stack, width, body, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (
                         0, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT)));

  /* Showing or hiding children here would resize during allocation: after it, then. The
   * level depends on the height alone, so it settles at once. */
  if (level != self->message_level || self->message_level_id != 0)
    {
      self->pending_level = level;
      if (self->message_level_id == 0 && level != self->message_level)
        self->message_level_id = g_idle_add (message_level_cb, self);
    }
}

/* A panel taken off the window stops asking for data nobody will see; put back, it asks
 * again. */
static void
bs_dashboard_panel_view_root (GtkWidget *widget)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (widget);

  GTK_WIDGET_CLASS (bs_dashboard_panel_view_parent_class)->root (widget);
  if (self->query != NULL && self->cancellable == NULL && !self->answered)
    run_query (self);
}

static void
bs_dashboard_panel_view_unroot (GtkWidget *widget)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (widget);

  if (self->cancellable != NULL)
    {
      cancel_run (self);
      stop_spinner (self);
    }
  GTK_WIDGET_CLASS (bs_dashboard_panel_view_parent_class)->unroot (widget);
}

/* GObject */

static void
bs_dashboard_panel_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_dashboard_panel_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      bs_dashboard_panel_view_set_editable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_dashboard_panel_view_dispose (GObject *object)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (object);

  cancel_run (self);
  stop_spinner (self);
  g_clear_handle_id (&self->message_level_id, g_source_remove);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->data);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (bs_dashboard_panel_view_parent_class)->dispose (object);
}

static void
bs_dashboard_panel_view_finalize (GObject *object)
{
  BsDashboardPanelView *self = BS_DASHBOARD_PANEL_VIEW (object);

  g_clear_pointer (&self->panel, bs_dashboard_panel_free);
  drop_query (self);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (bs_dashboard_panel_view_parent_class)->finalize (object);
}

static void
bs_dashboard_panel_view_class_init (BsDashboardPanelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bs_dashboard_panel_view_get_property;
  object_class->set_property = bs_dashboard_panel_view_set_property;
  object_class->dispose = bs_dashboard_panel_view_dispose;
  object_class->finalize = bs_dashboard_panel_view_finalize;

  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[EDIT_REQUESTED] =
    g_signal_new ("edit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[DUPLICATE_REQUESTED] =
    g_signal_new ("duplicate-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[CREATE_ALERT_REQUESTED] =
    g_signal_new ("create-alert-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BS_TYPE_QUERY | G_SIGNAL_TYPE_STATIC_SCOPE);

  widget_class->measure = bs_dashboard_panel_view_measure;
  widget_class->size_allocate = bs_dashboard_panel_view_size_allocate;
  widget_class->root = bs_dashboard_panel_view_root;
  widget_class->unroot = bs_dashboard_panel_view_unroot;
  gtk_widget_class_set_css_name (widget_class, "bs-panel-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_dashboard_panel_view_init (BsDashboardPanelView *self)
{
  self->editable = TRUE;
  self->state = BS_DASHBOARD_PANEL_VIEW_LOADING;
  self->kind = BS_PANEL_KIND_OTHER;
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "panel", G_ACTION_GROUP (self->actions));

  build_header (self);
  build_body (self);
  update_actions (self);
}

GtkWidget *
bs_dashboard_panel_view_new (BsPanelData *data)
{
  BsDashboardPanelView *self;

  g_return_val_if_fail (data == NULL || BS_IS_PANEL_DATA (data), NULL);

  self = g_object_new (BS_TYPE_DASHBOARD_PANEL_VIEW, NULL);
  if (data != NULL)
    self->data = g_object_ref (data);
  return GTK_WIDGET (self);
}
