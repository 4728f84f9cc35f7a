#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-alert-builder.h"
#include "bs-alert-input.h"
#include "bs-dropdown.h"
#include "bs-explanation.h"
#include "bs-frame-view.h"
#include "bs-query-clause.h"

#define TITLE_MAX_CHARS 190
#define IDS_KEY "bs-ids"

typedef struct
{
  const char *label;
  guint       seconds;
} Duration;

/* In the order of BsAlertCondition: the position is the value. */
static const char * const condition_labels[] = {
  N_("above"), N_("below"), N_("equal to"), N_("not equal to"), N_("between"), N_("outside"),
};
static const char * const condition_names[] = {
  "above", "below", "equal", "not-equal", "within-range", "outside-range",
};
static const Duration for_choices[] = {
  { N_("a moment (tell at once)"), 0 },
  { N_("1 minute"), 60 },
  { N_("5 minutes"), 300 },
  { N_("10 minutes"), 600 },
  { N_("15 minutes"), 900 },
  { N_("30 minutes"), 1800 },
  { N_("1 hour"), 3600 },
  { N_("4 hours"), 4 * 3600 },
  { N_("1 day"), 86400 },
};
static const Duration interval_choices[] = {
  { N_("every minute"), 60 },
  { N_("every 5 minutes"), 300 },
  { N_("every 15 minutes"), 900 },
  { N_("every hour"), 3600 },
  { N_("once a day"), 86400 },
};
/* In the order of BsAlertNoData. */
static const char * const no_data_labels[] = {
  N_("say there is no data"), N_("count it as fine"), N_("count it as firing"),
  N_("keep the last state"),
};
static const char * const no_data_names[] = { "no-data", "normal", "alerting", "keep-last" };

/* Persona suggestions that the demo shop's tables can answer. The others (a comparison
 * with last week, a Prometheus error rate, a 30-minute window the dropdowns do not offer)
 * cannot be built on the demo data, so they are not offered. */
typedef struct
{
  const char     *id;
  const char     *title;
  const char     *table;
  BsQueryMeasure  measure;
  const char     *column;
  const char     *split;
  BsQueryRange    range;
  guint           range_count;
  guint           condition;
  double          threshold;
} Suggestion;

static const Suggestion suggestions[] = {
  { "daily-sales-region-below", N_("Daily sales in a region below 5,000"), "sales_detail",
    BS_QUERY_MEASURE_VALUE, "amount", "region", BS_QUERY_RANGE_TODAY, 0, 1, 5000 },
  { "revenue-today-below-target", N_("Revenue today below target"), "sales",
    BS_QUERY_MEASURE_VALUE, "amount", NULL, BS_QUERY_RANGE_TODAY, 0, 1, 20000 },
  { "table-not-updated", N_("No new sales in the last hour"), "sales",
    BS_QUERY_MEASURE_COUNT_ROWS, NULL, NULL, BS_QUERY_RANGE_LAST_HOURS, 1, 1, 1 },
  { "training-data-stale", N_("No new sales since midnight"), "sales",
    BS_QUERY_MEASURE_COUNT_ROWS, NULL, NULL, BS_QUERY_RANGE_TODAY, 0, 1, 1 },
};
#define SUGGESTION_TIME_COLUMN "sold_at"

struct _BsAlertBuilder
{
  GtkWidget           parent_instance;

  AdwFlap            *flap;
  GtkScrolledWindow  *form_scroll;
  BsExplanation      *explanation;
  GtkWidget          *suggestions_box;
  GtkFlowBox         *suggestions_flow;
  GtkLabel           *sentence_label;
  BsQueryBuilder     *query_builder;
  GtkGrid            *condition_grid;
  GtkWidget          *is_label;
  GtkWidget          *for_label;
  GtkWidget          *check_label;
  GtkWidget          *no_data_label;
  GtkWidget          *notify_label;
  GtkDropDown        *condition_dropdown;
  GtkEntry           *threshold_entry;
  GtkWidget          *and_label;
  GtkEntry           *threshold2_entry;
  GtkLabel           *threshold_message;
  GtkDropDown        *for_dropdown;
  GtkDropDown        *interval_dropdown;
  GtkDropDown        *no_data_dropdown;
  GtkDropDown        *contact_dropdown;
  AdwEntryRow        *title_row;
  AdwEntryRow        *summary_row;
  AdwEntryRow        *labels_row;
  AdwComboRow        *visibility_row;
  GtkLabel           *about_message;
  GtkLabel           *save_message;
  GtkWidget          *save_button;
  GtkWidget          *cancel_button;
  GtkWidget          *preview_button;
  BsAlertPreviewPane     *preview;

  BsEngineClient     *client;
  GCancellable       *cancellable;   /* contact points, demo source, the rule to edit */
  GCancellable       *save_cancellable;
  JsonObject         *base;          /* the rule being edited, or NULL */
  gint64              rule_id;
  gint64              pending_contact;
  gint64              demo_id;
  JsonArray          *persona_suggestions;
  GPtrArray          *offered;       /* const Suggestion* */
  char               *sentence;
  char               *threshold_error;
  char               *save_error;
  guint               n_loading;
  guint               filling;
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  CANCELLED,
  MANAGE_CONTACT_POINTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsAlertBuilder, bs_alert_builder, GTK_TYPE_WIDGET)

static void rule_changed_cb (BsAlertBuilder *self);

/* Dropdowns */


static void
set_duration_labels (GtkDropDown    *dropdown,
                     const Duration *choices,
                     guint           n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(choices[i].label));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static guint
duration_seconds (GtkDropDown    *dropdown,
                  const Duration *choices,
                  guint           n)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return choices[selected < n ? selected : 0].seconds;
}

/* The choice nearest to @seconds: a rule made elsewhere may use another value. */
static void
select_duration (GtkDropDown    *dropdown,
                 const Duration *choices,
                 guint           n,
                 guint           seconds)
{
  guint best = 0;

  for (guint i = 1; i < n; i++)
    if (fabs ((double) choices[i].seconds - seconds) <
        fabs ((double) choices[best].seconds - seconds))
      best = i;
  gtk_drop_down_set_selected (dropdown, best);
}

static gint64
selected_contact (BsAlertBuilder *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (self->contact_dropdown), IDS_KEY);
  guint selected = gtk_drop_down_get_selected (self->contact_dropdown);

  return ids != NULL && selected < ids->len ? g_array_index (ids, gint64, selected) : 0;
}

static void
select_contact (BsAlertBuilder *self,
                gint64          id)
{
  GArray *ids = g_object_get_data (G_OBJECT (self->contact_dropdown), IDS_KEY);

  self->pending_contact = id;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        gtk_drop_down_set_selected (self->contact_dropdown, i);
        self->pending_contact = 0;
        return;
      }
}

static char *
selected_label (GtkDropDown *dropdown)
{
  g_autoptr(GtkStringObject) item = NULL;
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (model == NULL || selected >= g_list_model_get_n_items (model))
    return NULL;
  item = g_list_model_get_item (model, selected);
  return g_strdup (gtk_string_object_get_string (item));
}

/* Loading */

static void
set_loading (BsAlertBuilder *self,
             gboolean        loading)
{
  gboolean was = bs_alert_builder_get_busy (self);

  if (loading)
    self->n_loading++;
  else if (self->n_loading > 0)
    self->n_loading--;
  if (was != bs_alert_builder_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
contact_points_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(BsAlertBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 keep = self->pending_contact != 0 ? self->pending_contact : selected_contact (self);
  gint64 none = 0;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("contact points"), &error);
  if (error != NULL)
    g_message ("Could not read the contact points: %s", error->message);

  gtk_string_list_append (list, _("nobody: only show it here"));
  g_array_append_val (ids, none);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id;

      if (item == NULL || !json_object_has_member (item, "id"))
        continue;
      id = json_object_get_int_member (item, "id");
      gtk_string_list_append (list, json_object_get_string_member_with_default (item, "name",
                                                                                "?"));
      g_array_append_val (ids, id);
    }

  self->filling++;
  g_object_set_data_full (G_OBJECT (self->contact_dropdown), IDS_KEY, g_array_ref (ids),
                          (GDestroyNotify) g_array_unref);
  gtk_drop_down_set_model (self->contact_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->contact_dropdown, 0);
  select_contact (self, keep);
  self->filling--;
  rule_changed_cb (self);
}

/* Suggestions */

static const Suggestion *
find_suggestion (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (suggestions); i++)
    if (g_strcmp0 (suggestions[i].id, id) == 0)
      return &suggestions[i];

  return NULL;
}

static void
suggestion_clicked_cb (GtkButton      *button,
                       BsAlertBuilder *self)
{
  bs_alert_builder_apply_suggestion (self, gtk_widget_get_name (GTK_WIDGET (button)));
}

static GtkWidget *
suggestion_button (BsAlertBuilder *self,
                   JsonObject     *item,
                   const char     *id)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (json_object_get_string_member_with_default (item, "title",
                                                                                id));
  GtkWidget *description =
    gtk_label_new (json_object_get_string_member_with_default (item, "description", NULL));

  gtk_widget_set_name (button, id);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "alert-suggestion");
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  for (GtkWidget *label = title; label != NULL; label = label == title ? description : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_visible (description, gtk_label_get_label (GTK_LABEL (description))[0] != '\0');
  gtk_button_set_child (GTK_BUTTON (button), box);
  g_signal_connect (button, "clicked", G_CALLBACK (suggestion_clicked_cb), self);

  return button;
}

static void
show_suggestions (BsAlertBuilder *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_flow))) != NULL)
    gtk_flow_box_remove (self->suggestions_flow, child);
  g_ptr_array_set_size (self->offered, 0);

  /* Only on a new rule: when editing, a suggestion would throw the rule away. */
  for (guint i = 0; self->persona_suggestions != NULL && self->demo_id > 0 &&
                    self->rule_id == 0 &&
                    i < json_array_get_length (self->persona_suggestions); i++)
    {
      JsonObject *item = json_array_get_object_element (self->persona_suggestions, i);
      const char *id = item != NULL ? json_object_get_string_member_with_default (item, "id",
                                                                                  NULL) : NULL;
      const Suggestion *suggestion = find_suggestion (id);

      if (suggestion == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (item, "kind", NULL),
                     "alert") != 0 ||
          g_ptr_array_find (self->offered, suggestion, NULL))
        continue;
      g_ptr_array_add (self->offered, (gpointer) suggestion);
      gtk_flow_box_append (self->suggestions_flow, suggestion_button (self, item, id));
    }
  gtk_widget_set_visible (self->suggestions_box, self->offered->len > 0);
}

static void
sources_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsAlertBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("data sources"), &error);

  self->demo_id = bs_engine_client_find_demo_source (items);
  show_suggestions (self);
}

static void
load (BsAlertBuilder      *self,
      const char          *path,
      GAsyncReadyCallback  done)
{
  if (self->client == NULL)
    return;

  set_loading (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable, done,
                                  g_object_ref (self));
}

/* The rule the dropdowns make */

static gboolean
read_threshold (BsAlertBuilder  *self,
                GtkEntry        *entry,
                double          *out,
                char           **message)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *example = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text[0] == '\0')
    return FALSE;
  if (bs_alert_input_parse_number (text, out))
    return TRUE;

  example = bs_alert_input_format_number (2.5);
  *message = g_strdup_printf (_("“%s” is not a number. Type one such as 100 or %s."),
                              text, example);
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return FALSE;
}

/* "team=ops, site=oslo" → {"team": "ops", "site": "oslo"}; NULL and @message if a pair is
 * not one. */
static JsonObject *
read_labels (BsAlertBuilder  *self,
             char           **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->labels_row));

  return bs_alert_input_parse_labels (text, message);
}

/* As the tables write numbers: digit groups, a real minus sign. */
static char *
display_number (double value)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);

  return bs_frame_format_value (node, "number");
}

static char *
describe_condition (BsAlertBuilder *self,
                    guint           condition,
                    double          t1,
                    double          t2)
{
  g_autofree char *a = display_number (t1);
  g_autofree char *b = display_number (t2);

  switch (condition)
    {
    case 0: return g_strdup_printf (_("above %s"), a);
    case 1: return g_strdup_printf (_("below %s"), a);
    case 2: return g_strdup_printf (_("equal to %s"), a);
    case 3: return g_strdup_printf (_("not equal to %s"), a);
    /* Translators: the ranges are exclusive: 10 and 20 themselves are not in it. */
    case 4: return g_strdup_printf (_("between %s and %s"), a, b);
    default: return g_strdup_printf (_("outside %s to %s"), a, b);
    }
}

static char *
describe_rule (BsAlertBuilder *self,
               const BsQuery  *query,
               const char     *condition)
{
  guint for_seconds = duration_seconds (self->for_dropdown, for_choices,
                                        G_N_ELEMENTS (for_choices));
  g_autofree char *what = bs_query_describe (query);
  g_autofree char *when = NULL;
  g_autofree char *contact = selected_contact (self) != 0
                             ? selected_label (self->contact_dropdown) : NULL;
  g_autofree char *duration = selected_label (self->for_dropdown);

  if (for_seconds > 0)
    /* Translators: "Fires when it is below 100 for at least 10 minutes". */
    when = g_strdup_printf (_("Fires when it is %s for at least %s"), condition, duration);
  else
    /* Translators: "Fires as soon as it is below 100". */
    when = g_strdup_printf (_("Fires as soon as it is %s"), condition);

  if (contact != NULL)
    /* Translators: the query, then "Fires when …", then the contact point. */
    return g_strdup_printf (_("%s. %s, and tells %s."), what, when, contact);
  /* Translators: the query, then "Fires when …". */
  return g_strdup_printf (_("%s. %s; nobody is notified, it shows in Alerts only."),
                          what, when);
}

/* The members of the rule being edited that the builder does not show, kept as they were. */
static JsonObject *
rule_base (BsAlertBuilder *self)
{
  static const char * const given[] = {
    "id", "uid", "owner", "created_at", "updated_at", "status", "instances", NULL,
  };
  JsonObject *rule = json_object_new ();
  g_autoptr(GList) members = self->base != NULL ? json_object_get_members (self->base) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (given, l->data))
      json_object_set_member (rule, l->data,
                              json_node_copy (json_object_get_member (self->base, l->data)));

  return rule;
}

static void
set_threshold_message (BsAlertBuilder *self,
                       const char     *message)
{
  g_free (self->threshold_error);
  self->threshold_error = g_strdup (message);
  gtk_label_set_label (self->threshold_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->threshold_message), message != NULL);
}

static JsonNode *
build_rule (BsAlertBuilder  *self,
            char           **reason)
{
  const BsQuery *made = bs_query_builder_get_query (self->query_builder);
  guint condition = gtk_drop_down_get_selected (self->condition_dropdown);
  gboolean range = condition >= 4;
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonObject) rule = NULL;
  g_autoptr(JsonObject) labels = NULL;
  g_autofree char *message = NULL;
  g_autofree char *condition_text = NULL;
  g_autofree char *title = NULL;
  JsonObject *condition_object;
  double t1 = NAN, t2 = NAN;
  gboolean has1, has2 = TRUE;
  gint64 contact;

  has1 = read_threshold (self, self->threshold_entry, &t1, &message);
  if (range && message == NULL)
    has2 = read_threshold (self, self->threshold2_entry, &t2, &message);
  if (message == NULL && has1 && has2 && range && !(t1 < t2))
    {
      message = g_strdup (_("The first number must be smaller than the second."));
      gtk_widget_add_css_class (GTK_WIDGET (self->threshold2_entry), "error");
    }
  set_threshold_message (self, message);

  labels = read_labels (self, reason);
  gtk_label_set_label (self->about_message, labels == NULL ? *reason : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->about_message), labels == NULL);
  if (labels == NULL)
    return NULL;

  if (made == NULL || bs_query_builder_get_error (self->query_builder) != NULL)
    {
      *reason = g_strdup (bs_query_builder_get_error (self->query_builder) != NULL
                          ? bs_query_builder_get_error (self->query_builder)
                          : _("Choose where the figures come from under “What to Watch”."));
      return NULL;
    }
  if (message != NULL)
    {
      *reason = g_steal_pointer (&message);
      return NULL;
    }
  if (!has1 || !has2)
    {
      *reason = g_strdup (range ? _("Type the two numbers the value is compared with.")
                                : _("Type the number the value is compared with."));
      return NULL;
    }

  /* A rule compares one value a series: the query's buckets are the chart's business. */
  query = bs_query_copy (made);
  query->bucket = BS_QUERY_BUCKET_NONE;

  condition_text = describe_condition (self, condition, t1, t2);
  g_free (self->sentence);
  self->sentence = describe_rule (self, query, condition_text);

  rule = rule_base (self);
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  if (title[0] == '\0')
    {
      g_autofree char *what = bs_query_describe (query);

      g_free (title);
      /* Translators: a rule's name made up when none is given: "Sum of units below 100". */
      title = g_strdup_printf (_("%s %s"), what, condition_text);
    }
  if (g_utf8_strlen (title, -1) > TITLE_MAX_CHARS)
    *g_utf8_offset_to_pointer (title, TITLE_MAX_CHARS) = '\0';
  json_object_set_string_member (rule, "title", title);
  json_object_set_member (rule, "query", bs_query_to_json (query));

  condition_object = json_object_new ();
  json_object_set_string_member (condition_object, "type", condition_names[MIN (condition, 5)]);
  json_object_set_double_member (condition_object, "threshold", t1);
  if (range)
    json_object_set_double_member (condition_object, "threshold2", t2);
  else
    json_object_set_null_member (condition_object, "threshold2");
  json_object_set_object_member (rule, "condition", condition_object);

  json_object_set_int_member (rule, "interval_seconds",
                              duration_seconds (self->interval_dropdown, interval_choices,
                                                G_N_ELEMENTS (interval_choices)));
  json_object_set_int_member (rule, "for_seconds",
                              duration_seconds (self->for_dropdown, for_choices,
                                                G_N_ELEMENTS (for_choices)));
  json_object_set_string_member (rule, "no_data",
                                 no_data_names[MIN (gtk_drop_down_get_selected (
                                                      self->no_data_dropdown),
                                                    G_N_ELEMENTS (no_data_names) - 1)]);
  json_object_set_object_member (rule, "labels", g_steal_pointer (&labels));
  json_object_set_string_member (rule, "summary",
                                 gtk_editable_get_text (GTK_EDITABLE (self->summary_row)));
  contact = selected_contact (self);
  if (contact != 0)
    json_object_set_int_member (rule, "contact_point_id", contact);
  else
    json_object_set_null_member (rule, "contact_point_id");
  json_object_set_string_member (rule, "visibility",
                                 adw_combo_row_get_selected (self->visibility_row) == 1
                                 ? "shared" : "personal");

  return json_node_init_object (json_node_alloc (), rule);
}

static void
rule_changed_cb (BsAlertBuilder *self)
{
  g_autofree char *reason = NULL;
  g_autoptr(JsonNode) rule = NULL;
  gboolean range;

  if (self->filling > 0)
    return;

  range = gtk_drop_down_get_selected (self->condition_dropdown) >= 4;
  gtk_widget_set_visible (self->and_label, range);
  gtk_widget_set_visible (GTK_WIDGET (self->threshold2_entry), range);

  rule = build_rule (self, &reason);
  if (rule == NULL)
    g_clear_pointer (&self->sentence, g_free);
  gtk_label_set_label (self->sentence_label, self->sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), self->sentence != NULL);
  gtk_widget_set_sensitive (self->save_button, rule != NULL && self->save_cancellable == NULL);
  bs_alert_preview_pane_set_rule (self->preview, rule, reason);
}

/* Saving */

static void
show_save_error (BsAlertBuilder *self,
                 const char     *message)
{
  g_free (self->save_error);
  self->save_error = g_strdup (message);
  gtk_label_set_label (self->save_message, message);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BsAlertBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 id;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->save_cancellable);
  set_loading (self, FALSE);
  rule_changed_cb (self);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The rule was not saved: %s"),
                                                  error->message);

      show_save_error (self, message);
      return;
    }
  id = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
       ? json_object_get_int_member_with_default (json_node_get_object (root), "id", 0) : 0;
  if (id <= 0)
    {
      show_save_error (self, _("The rule was saved, but the engine’s answer was not "
                               "understood. Refresh the list to see it."));
      return;
    }

  self->rule_id = id;
  g_clear_pointer (&self->base, json_object_unref);
  self->base = json_object_ref (json_node_get_object (root));
  g_signal_emit (self, signals[SAVED], 0, id);
}

void
bs_alert_builder_save (BsAlertBuilder *self)
{
  g_autofree char *reason = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) rule = NULL;

  g_return_if_fail (BS_IS_ALERT_BUILDER (self));

  if (self->client == NULL || self->save_cancellable != NULL)
    return;
  rule = build_rule (self, &reason);
  if (rule == NULL)
    {
      show_save_error (self, reason);
      return;
    }

  show_save_error (self, NULL);
  self->save_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  if (self->rule_id > 0)
    path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, self->rule_id);
  bs_engine_client_request_async (self->client, self->rule_id > 0 ? "PUT" : "POST",
                                  path != NULL ? path : "rules", rule, self->save_cancellable,
                                  saved_cb, g_object_ref (self));
}

static void
save_clicked_cb (BsAlertBuilder *self)
{
  bs_alert_builder_save (self);
}

static void
manage_clicked_cb (BsAlertBuilder *self)
{
  g_signal_emit (self, signals[MANAGE_CONTACT_POINTS], 0);
}

static void
cancel_clicked_cb (BsAlertBuilder *self)
{
  g_cancellable_cancel (self->save_cancellable);
  if (self->save_cancellable != NULL)
    set_loading (self, FALSE);
  g_clear_object (&self->save_cancellable);
  g_signal_emit (self, signals[CANCELLED], 0);
}

/* Filling the dropdowns from a rule */

static void
clear_form (BsAlertBuilder *self)
{
  self->filling++;
  gtk_drop_down_set_selected (self->condition_dropdown, 1);
  gtk_editable_set_text (GTK_EDITABLE (self->threshold_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->threshold2_entry), "");
  gtk_drop_down_set_selected (self->for_dropdown, 0);
  gtk_drop_down_set_selected (self->interval_dropdown, 0);
  gtk_drop_down_set_selected (self->no_data_dropdown, 0);
  gtk_drop_down_set_selected (self->contact_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->summary_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->labels_row), "");
  adw_combo_row_set_selected (self->visibility_row, 0);
  self->filling--;
  show_save_error (self, NULL);
}

static void
fill_from_rule (BsAlertBuilder *self,
                JsonObject     *rule)
{
  JsonNode *query_node = json_object_get_member (rule, "query");
  JsonNode *condition_node = json_object_get_member (rule, "condition");
  JsonObject *condition = condition_node != NULL && JSON_NODE_HOLDS_OBJECT (condition_node)
                          ? json_node_get_object (condition_node) : NULL;
  JsonNode *labels = json_object_get_member (rule, "labels");
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *labels_line = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  const char *type;

  if (query_node != NULL)
    query = bs_query_from_json (query_node, &error);
  if (query != NULL)
    bs_query_builder_set_query (self->query_builder, query);
  else
    g_message ("The rule's query cannot be shown: %s", error != NULL ? error->message : "none");

  self->filling++;
  type = condition != NULL ? json_object_get_string_member_with_default (condition, "type", "")
                           : "";
  for (guint i = 0; i < G_N_ELEMENTS (condition_names); i++)
    if (g_str_equal (condition_names[i], type))
      gtk_drop_down_set_selected (self->condition_dropdown, i);
  if (condition != NULL && json_object_get_member (condition, "threshold") != NULL &&
      !json_object_get_null_member (condition, "threshold"))
    t1 = bs_alert_input_format_number (json_object_get_double_member (condition,
                                                                      "threshold"));
  if (condition != NULL && json_object_get_member (condition, "threshold2") != NULL &&
      !json_object_get_null_member (condition, "threshold2"))
    t2 = bs_alert_input_format_number (json_object_get_double_member (condition,
                                                                      "threshold2"));
  gtk_editable_set_text (GTK_EDITABLE (self->threshold_entry), t1 != NULL ? t1 : "");
  gtk_editable_set_text (GTK_EDITABLE (self->threshold2_entry), t2 != NULL ? t2 : "");
  select_duration (self->for_dropdown, for_choices, G_N_ELEMENTS (for_choices),
                   json_object_get_int_member_with_default (rule, "for_seconds", 0));
  select_duration (self->interval_dropdown, interval_choices, G_N_ELEMENTS (interval_choices),
                   json_object_get_int_member_with_default (rule, "interval_seconds", 60));
  for (guint i = 0; i < G_N_ELEMENTS (no_data_names); i++)
    if (g_strcmp0 (no_data_names[i],
                   json_object_get_string_member_with_default (rule, "no_data", "")) == 0)
      gtk_drop_down_set_selected (self->no_data_dropdown, i);
  select_contact (self, json_object_get_int_member_with_default (rule, "contact_point_id", 0));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         json_object_get_string_member_with_default (rule, "title", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->summary_row),
                         json_object_get_string_member_with_default (rule, "summary", ""));
  labels_line = bs_alert_input_labels_text (labels != NULL && JSON_NODE_HOLDS_OBJECT (labels)
                                            ? json_node_get_object (labels) : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->labels_row), labels_line);
  adw_combo_row_set_selected (self->visibility_row,
                              g_strcmp0 (json_object_get_string_member_with_default (rule,
                                                                                     "visibility",
                                                                                     ""),
                                         "shared") == 0 ? 1 : 0);
  self->filling--;
  rule_changed_cb (self);
}

static void
rule_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsAlertBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (error != NULL || root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not read the rule to change it: %s"),
                         error != NULL ? error->message
                                       : _("the engine’s answer was not understood"));

      show_save_error (self, message);
      return;
    }

  g_clear_pointer (&self->base, json_object_unref);
  self->base = json_object_ref (json_node_get_object (root));
  fill_from_rule (self, self->base);
}

/* Public API */

gboolean
bs_alert_builder_apply_suggestion (BsAlertBuilder *self,
                                   const char     *id)
{
  const Suggestion *suggestion = find_suggestion (id);
  g_autoptr(BsQuery) query = NULL;
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), FALSE);

  if (suggestion == NULL || !g_ptr_array_find (self->offered, suggestion, NULL))
    return FALSE;

  query = bs_query_new (self->demo_id, suggestion->table);
  bs_query_set_measure (query, suggestion->measure, suggestion->column);
  query->aggregation = BS_QUERY_AGGREGATION_SUM;
  if (suggestion->split != NULL)
    bs_query_add_split (query, suggestion->split);
  bs_query_set_time (query, SUGGESTION_TIME_COLUMN, suggestion->range, suggestion->range_count);

  clear_form (self);
  self->filling++;
  threshold = bs_alert_input_format_number (suggestion->threshold);
  gtk_drop_down_set_selected (self->condition_dropdown, suggestion->condition);
  gtk_editable_set_text (GTK_EDITABLE (self->threshold_entry), threshold);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), _(suggestion->title));
  self->filling--;
  bs_query_builder_set_query (self->query_builder, query);
  rule_changed_cb (self);

  return TRUE;
}

char **
bs_alert_builder_dup_suggestion_ids (BsAlertBuilder *self)
{
  GStrvBuilder *builder;
  char **ids;

  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->offered->len; i++)
    g_strv_builder_add (builder, ((const Suggestion *) g_ptr_array_index (self->offered, i))->id);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return ids;
}

void
bs_alert_builder_set_suggestions (BsAlertBuilder *self,
                                  JsonArray      *persona_suggestions)
{
  g_return_if_fail (BS_IS_ALERT_BUILDER (self));

  if (persona_suggestions != NULL)
    json_array_ref (persona_suggestions);
  g_clear_pointer (&self->persona_suggestions, json_array_unref);
  self->persona_suggestions = persona_suggestions;
  show_suggestions (self);
}

static void
restart_loading (BsAlertBuilder *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->n_loading > 0)
    {
      self->n_loading = self->save_cancellable != NULL ? 1 : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

void
bs_alert_builder_reset (BsAlertBuilder *self)
{
  g_return_if_fail (BS_IS_ALERT_BUILDER (self));

  restart_loading (self);
  self->rule_id = 0;
  g_clear_pointer (&self->base, json_object_unref);
  clear_form (self);
  load (self, "contact-points", contact_points_loaded_cb);
  load (self, "datasources", sources_loaded_cb);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->form_scroll), 0);
  rule_changed_cb (self);
}

void
bs_alert_builder_edit_rule (BsAlertBuilder *self,
                            gint64          id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BS_IS_ALERT_BUILDER (self));
  g_return_if_fail (id > 0);

  bs_alert_builder_reset (self);
  self->rule_id = id;
  show_suggestions (self);
  if (self->client == NULL)
    return;

  path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, id);
  set_loading (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  rule_loaded_cb, g_object_ref (self));
}

void
bs_alert_builder_refresh (BsAlertBuilder *self)
{
  g_return_if_fail (BS_IS_ALERT_BUILDER (self));

  load (self, "contact-points", contact_points_loaded_cb);
}

gint64
bs_alert_builder_get_rule_id (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), 0);

  return self->rule_id;
}

void
bs_alert_builder_set_client (BsAlertBuilder *self,
                             BsEngineClient *client)
{
  g_return_if_fail (BS_IS_ALERT_BUILDER (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  bs_query_builder_set_client (self->query_builder, client);
  bs_alert_preview_pane_set_client (self->preview, client);
  restart_loading (self);
  load (self, "contact-points", contact_points_loaded_cb);
  load (self, "datasources", sources_loaded_cb);
}

JsonNode *
bs_alert_builder_dup_rule (BsAlertBuilder  *self,
                           char           **reason)
{
  g_autofree char *why = NULL;
  JsonNode *rule;

  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  rule = build_rule (self, &why);
  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  return rule;
}

const char *
bs_alert_builder_get_sentence (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  return self->sentence;
}

const char *
bs_alert_builder_get_save_error (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  return self->save_error;
}

const char *
bs_alert_builder_get_threshold_error (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  return self->threshold_error;
}

gboolean
bs_alert_builder_get_busy (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), FALSE);

  return self->n_loading > 0;
}

BsQueryBuilder *
bs_alert_builder_get_query_builder (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  return self->query_builder;
}

BsAlertPreviewPane *
bs_alert_builder_get_preview (BsAlertBuilder *self)
{
  g_return_val_if_fail (BS_IS_ALERT_BUILDER (self), NULL);

  return self->preview;
}

void
bs_alert_builder_set_verbosity (BsAlertBuilder     *self,
                                BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_ALERT_BUILDER (self));

  bs_explanation_set_verbosity (self->explanation, verbosity);
  bs_alert_preview_pane_set_verbosity (self->preview, verbosity);
}

/* GObject */

static void
explain (BsAlertBuilder *self)
{
  const char *steps[] = {
    _("Under “What to Watch”, pick the figure to keep an eye on, as on the Data page: where "
      "it comes from, what to measure, and over how long. “For each” gives one figure, and "
      "one alert, for each product, store or region."),
    _("Under “When to Tell”, say when the figure is a problem: below or above a number you "
      "type, or outside a range."),
    _("“For at least” waits until the problem has lasted that long, so that a short dip "
      "does not wake anyone."),
    _("“Notify” picks where the message goes, such as a Slack channel. Contact points are "
      "set up once, under Contact Points."),
    _("The preview beside the rule shows, on the real data, what would fire now and how "
      "often the rule would have fired over the last week. Adjust the number until that "
      "looks right, then save."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("Say what to watch and when to be told; the preview shows what "
                              "the rule would do on your real data."),
                            _("How to Build an Alert"),
                            steps);
}

/* The embedded query builder brings its own sentence and its "one value per" row; an
 * alert has one value per series, and the alert's own sentence says it all. */
static void
adapt_query_builder (BsAlertBuilder *self)
{
  g_autoptr(GtkSizeGroup) labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  bs_query_builder_set_verbosity (self->query_builder, BS_PROFILE_VERBOSITY_MINIMAL);
  bs_query_builder_set_embedded (self->query_builder, TRUE);
  /* Its clause names and ours in one column, so that the sentence reads straight down. */
  bs_query_builder_add_labels_to (self->query_builder, labels);
  gtk_size_group_add_widget (labels, self->is_label);
  gtk_size_group_add_widget (labels, self->for_label);
  gtk_size_group_add_widget (labels, self->check_label);
  gtk_size_group_add_widget (labels, self->no_data_label);
  gtk_size_group_add_widget (labels, self->notify_label);
}


static void
bs_alert_builder_dispose (GObject *object)
{
  BsAlertBuilder *self = BS_ALERT_BUILDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ALERT_BUILDER);

  G_OBJECT_CLASS (bs_alert_builder_parent_class)->dispose (object);
}

static void
bs_alert_builder_finalize (GObject *object)
{
  BsAlertBuilder *self = BS_ALERT_BUILDER (object);

  g_clear_pointer (&self->base, json_object_unref);
  g_clear_pointer (&self->persona_suggestions, json_array_unref);
  g_clear_pointer (&self->offered, g_ptr_array_unref);
  g_clear_pointer (&self->sentence, g_free);
  g_clear_pointer (&self->threshold_error, g_free);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (bs_alert_builder_parent_class)->finalize (object);
}

static void
bs_alert_builder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsAlertBuilder *self = BS_ALERT_BUILDER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bs_alert_builder_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_alert_builder_class_init (BsAlertBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_alert_builder_dispose;
  object_class->finalize = bs_alert_builder_finalize;
  object_class->get_property = bs_alert_builder_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MANAGE_CONTACT_POINTS] =
    g_signal_new ("manage-contact-points", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_EXPLANATION);
  g_type_ensure (BS_TYPE_QUERY_BUILDER);
  g_type_ensure (BS_TYPE_QUERY_CLAUSE);
  g_type_ensure (BS_TYPE_ALERT_PREVIEW_PANE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-alert-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, flap);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, form_scroll);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, explanation);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, suggestions_flow);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, query_builder);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, condition_grid);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, is_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, for_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, check_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, no_data_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, notify_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, condition_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, threshold_entry);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, and_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, threshold2_entry);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, threshold_message);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, for_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, interval_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, no_data_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, contact_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, title_row);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, summary_row);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, labels_row);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, about_message);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, save_message);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, save_button);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, preview_button);
  gtk_widget_class_bind_template_child (widget_class, BsAlertBuilder, preview);
  gtk_widget_class_bind_template_callback (widget_class, rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, manage_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "alertbuilder");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_alert_builder_init (BsAlertBuilder *self)
{
  self->offered = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  bs_dropdown_set_name (self->condition_dropdown, _("How the value compares"));
  bs_dropdown_set_name (self->for_dropdown, _("For at least"));
  bs_dropdown_set_name (self->interval_dropdown, _("How often to check"));
  bs_dropdown_set_name (self->no_data_dropdown, _("What no data means"));
  bs_dropdown_set_name (self->contact_dropdown, _("Whom to notify"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->threshold_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Threshold"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->threshold2_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Upper threshold"), -1);

  self->filling++;
  bs_dropdown_set_labels (self->condition_dropdown, condition_labels, G_N_ELEMENTS (condition_labels));
  set_duration_labels (self->for_dropdown, for_choices, G_N_ELEMENTS (for_choices));
  set_duration_labels (self->interval_dropdown, interval_choices,
                       G_N_ELEMENTS (interval_choices));
  bs_dropdown_set_labels (self->no_data_dropdown, no_data_labels, G_N_ELEMENTS (no_data_labels));
  {
    g_autoptr(GtkStringList) nobody = gtk_string_list_new (NULL);
    g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));

    gtk_string_list_append (nobody, _("nobody: only show it here"));
    g_array_set_size (ids, 1);
    g_object_set_data_full (G_OBJECT (self->contact_dropdown), IDS_KEY, g_array_ref (ids),
                            (GDestroyNotify) g_array_unref);
    gtk_drop_down_set_model (self->contact_dropdown, G_LIST_MODEL (nobody));
  }
  self->filling--;
  clear_form (self);

  g_signal_connect_swapped (self->condition_dropdown, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);
  g_signal_connect_swapped (self->for_dropdown, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);
  g_signal_connect_swapped (self->interval_dropdown, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);
  g_signal_connect_swapped (self->no_data_dropdown, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);
  g_signal_connect_swapped (self->contact_dropdown, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);
  g_signal_connect_swapped (self->visibility_row, "notify::selected",
                            G_CALLBACK (rule_changed_cb), self);

  adapt_query_builder (self);
  explain (self);
  bs_alert_builder_set_verbosity (self, BS_PROFILE_VERBOSITY_BALANCED);
  rule_changed_cb (self);
}

GtkWidget *
bs_alert_builder_new (BsEngineClient *client)
{
  BsAlertBuilder *self = g_object_new (BS_TYPE_ALERT_BUILDER, NULL);

  bs_alert_builder_set_client (self, client);
  return GTK_WIDGET (self);
}
