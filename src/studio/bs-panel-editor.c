#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-panel-chart.h"
#include "bs-panel-editor.h"
#include "bs-panel-type.h"
#include "bs-query-builder.h"
#include "bs-query-preview.h"
#include "bs-value-format.h"

/* A person types a title or a threshold in bursts: one change (and one undo step) per
 * pause, not per key. */
#define TYPING_PAUSE_MS 500
#define MAX_LISTED_DECIMALS 6
/* Grafana's green, its first series colour: what "One colour" and a base threshold start
 * with. */
#define DEFAULT_FIXED_COLOUR "#73BF69"
/* Enough of another source's query to recognise it in a sentence. */
#define FOREIGN_SHOWN_CHARS 60

typedef enum
{
  PENDING_NONE,
  PENDING_TITLE,
  PENDING_THRESHOLDS,
  PENDING_CONTENT,
} Pending;

typedef struct
{
  BsPanelEditor  *editor;
  guint           index;       /* into the panel's threshold steps */
  AdwActionRow   *row;
  GtkEntry       *entry;       /* NULL for the base step */
  GtkColorButton *colour;
  GtkWidget      *remove;      /* NULL for the base step */
} ThresholdRow;

struct _BsPanelEditor
{
  GtkWidget             parent_instance;

  GtkWidget            *root_box;
  GtkLabel             *heading_label;
  GtkButton            *close_button;
  GtkButton            *add_threshold_button;
  GtkStack             *stack;
  GtkWidget            *data_group;
  GtkWidget            *text_group;
  GtkTextView          *content_view;
  BsQueryBuilder       *query_builder;
  BsQueryPreview       *query_preview;
  GtkWidget            *no_query_box;
  GtkLabel             *no_query_label;
  AdwEntryRow          *title_row;
  AdwComboRow          *type_row;
  AdwComboRow          *unit_row;
  AdwComboRow          *decimals_row;
  AdwPreferencesGroup  *thresholds_group;
  AdwComboRow          *colour_row;
  GtkColorButton       *colour_button;
  GtkWidget            *colour_group;
  GtkWidget            *alert_box;
  GtkButton            *create_alert_button;
  GtkLabel             *alert_reason_label;

  BsDashboardPanel     *panel;
  char                 *change_label;
  gint64                default_source;

  GPtrArray            *type_ids;     /* char*, one per entry of the type row */
  GPtrArray            *unit_ids;     /* char* (NULL: automatic), one per unit entry */
  GArray               *decimals;     /* int (-1: automatic), one per decimals entry */
  GPtrArray            *threshold_rows; /* ThresholdRow* */
  GtkWidget            *no_thresholds_row;
  guint                 thresholds_generation; /* counts rebuilds of the rows */

  guint                 filling;      /* > 0 while the fields show a panel: no ::changed */
  Pending               pending;
  guint                 pending_id;
  /* The builder answers set_query with the same query once its schema is in: that answer
   * is not a change a person made. */
  gboolean              syncing_query;
  guint                 sync_idle_id;
};

G_DEFINE_FINAL_TYPE (BsPanelEditor, bs_panel_editor, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  CREATE_ALERT,
  CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_thresholds (BsPanelEditor *self);

/* Changes */

static void
emit_changed (BsPanelEditor *self,
              char          *label)
{
  g_free (self->change_label);
  self->change_label = label;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
commit_title (BsPanelEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  if (self->panel == NULL || g_strcmp0 (text, self->panel->title) == 0)
    return;
  g_free (self->panel->title);
  self->panel->title = g_strdup (text);
  emit_changed (self, g_strdup_printf (_("Rename panel to “%s”"), text));
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  double va = ((const BsDashboardThresholdStep *) a)->value;
  double vb = ((const BsDashboardThresholdStep *) b)->value;

  return (va > vb) - (va < vb);
}

static gboolean
parse_value (const char *text,
             double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*copy == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* Reads the typed values into the steps, keeps them in order, and redraws the rows only
 * if the order changed (so that the entry being typed in keeps its focus otherwise). */
static void
commit_thresholds (BsPanelEditor *self)
{
  GArray *steps;
  gboolean changed = FALSE;
  gboolean sorted = TRUE;

  if (self->panel == NULL)
    return;
  steps = self->panel->threshold_steps;
  for (guint i = 0; i < self->threshold_rows->len; i++)
    {
      ThresholdRow *row = g_ptr_array_index (self->threshold_rows, i);
      BsDashboardThresholdStep *step;
      double value;

      if (row->entry == NULL || row->index >= steps->len
          || !parse_value (gtk_editable_get_text (GTK_EDITABLE (row->entry)), &value))
        continue;
      step = &g_array_index (steps, BsDashboardThresholdStep, row->index);
      if (step->value != value)
        {
          step->value = value;
          changed = TRUE;
        }
    }
  if (!changed)
    return;
  for (guint i = 1; i < steps->len; i++)
    sorted &= g_array_index (steps, BsDashboardThresholdStep, i - 1).value
              <= g_array_index (steps, BsDashboardThresholdStep, i).value;
  if (!sorted)
    {
      g_array_sort (steps, compare_steps);
      rebuild_thresholds (self);
    }
  emit_changed (self, g_strdup_printf (_("Change the thresholds of “%s”"), self->panel->title));
}

/* A text panel's Markdown is Grafana's options.content. */
static const char *
panel_content (BsDashboardPanel *panel)
{
  JsonNode *options = json_object_get_member (panel->json, "options");
  JsonNode *content;

  if (options == NULL || !JSON_NODE_HOLDS_OBJECT (options))
    return "";
  content = json_object_get_member (json_node_get_object (options), "content");
  return content != NULL && JSON_NODE_HOLDS_VALUE (content)
         && json_node_get_value_type (content) == G_TYPE_STRING
         ? json_node_get_string (content) : "";
}

static void
commit_content (BsPanelEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->content_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  JsonNode *options;

  if (self->panel == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (text, panel_content (self->panel)) == 0)
    return;
  options = json_object_get_member (self->panel->json, "options");
  if (options == NULL || !JSON_NODE_HOLDS_OBJECT (options))
    json_object_set_object_member (self->panel->json, "options", json_object_new ());
  options = json_object_get_member (self->panel->json, "options");
  json_object_set_string_member (json_node_get_object (options), "content", text);
  if (!json_object_has_member (json_node_get_object (options), "mode"))
    json_object_set_string_member (json_node_get_object (options), "mode", "markdown");
  emit_changed (self, g_strdup_printf (_("Change the text of “%s”"), self->panel->title));
}

static void
flush_pending (BsPanelEditor *self)
{
  Pending pending = self->pending;

  g_clear_handle_id (&self->pending_id, g_source_remove);
  self->pending = PENDING_NONE;
  if (pending == PENDING_TITLE)
    commit_title (self);
  else if (pending == PENDING_THRESHOLDS)
    commit_thresholds (self);
  else if (pending == PENDING_CONTENT)
    commit_content (self);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  BsPanelEditor *self = user_data;

  self->pending_id = 0;
  flush_pending (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (BsPanelEditor *self,
          Pending        pending)
{
  if (self->pending != pending)
    flush_pending (self);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  self->pending = pending;
  self->pending_id = g_timeout_add (TYPING_PAUSE_MS, pending_timeout_cb, self);
}

static void
cancel_pending (BsPanelEditor *self)
{
  g_clear_handle_id (&self->pending_id, g_source_remove);
  self->pending = PENDING_NONE;
}

/* Colours */

/* A colour as the charts draw it on a dark background (Grafana's named shades are its own
 * there); other CSS colours as they are. */
static void
colour_to_rgba (const char *colour,
                GdkRGBA    *rgba)
{
  if (!bs_panel_chart_parse_color (colour, TRUE, rgba)
      && (colour == NULL || !gdk_rgba_parse (rgba, colour)))
    gdk_rgba_parse (rgba, "#808080");
}

/* "#RRGGBB" as Grafana's colour picker writes it, or rgba() when it is see-through. */
static char *
rgba_to_colour (const GdkRGBA *rgba)
{
  int r = (int) lround (CLAMP (rgba->red, 0, 1) * 255);
  int g = (int) lround (CLAMP (rgba->green, 0, 1) * 255);
  int b = (int) lround (CLAMP (rgba->blue, 0, 1) * 255);
  char alpha[G_ASCII_DTOSTR_BUF_SIZE];

  if (rgba->alpha >= 1)
    return g_strdup_printf ("#%02X%02X%02X", r, g, b);
  g_ascii_formatd (alpha, sizeof alpha, "%.2f", CLAMP (rgba->alpha, 0, 1));
  return g_strdup_printf ("rgba(%d, %d, %d, %s)", r, g, b, alpha);
}

static GtkColorButton *
colour_button_new (const char *colour,
                   const char *accessible_name)
{
  GtkWidget *button = gtk_color_button_new ();
  GdkRGBA rgba;

  colour_to_rgba (colour, &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (button), TRUE);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return GTK_COLOR_BUTTON (button);
}

/* Thresholds */

static void
threshold_entry_changed_cb (GtkEditable  *entry,
                            ThresholdRow *row)
{
  BsPanelEditor *self = row->editor;
  double value;
  gboolean valid = parse_value (gtk_editable_get_text (entry), &value);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  if (self->filling == 0 && valid)
    schedule (self, PENDING_THRESHOLDS);
}

static void
threshold_entry_activate_cb (GtkEntry     *entry,
                             ThresholdRow *row)
{
  if (row->editor->pending == PENDING_THRESHOLDS)
    flush_pending (row->editor);
}

static void
threshold_colour_set_cb (GtkColorButton *button,
                         ThresholdRow   *row)
{
  BsPanelEditor *self = row->editor;
  guint index = row->index;
  guint generation = self->thresholds_generation;
  BsDashboardThresholdStep *step;
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  /* A value typed just before may reorder the steps, and the rows with them: the colour
   * then no longer names one step, and the person sees the new order to pick again. */
  flush_pending (self);
  if (self->panel == NULL || generation != self->thresholds_generation
      || index >= self->panel->threshold_steps->len)
    return;
  step = &g_array_index (self->panel->threshold_steps, BsDashboardThresholdStep, index);
  g_free (step->color);
  step->color = rgba_to_colour (&rgba);
  emit_changed (self, g_strdup_printf (_("Change a threshold colour of “%s”"),
                                       self->panel->title));
}

static void
threshold_remove_clicked_cb (GtkButton    *button,
                             ThresholdRow *row)
{
  BsPanelEditor *self = row->editor;
  guint index = row->index;
  guint generation = self->thresholds_generation;

  flush_pending (self);
  if (self->panel == NULL || generation != self->thresholds_generation
      || index >= self->panel->threshold_steps->len)
    return;
  g_array_remove_index (self->panel->threshold_steps, index);
  if (self->panel->threshold_steps->len == 0)
    self->panel->has_thresholds = FALSE;
  /* The row (and @row) goes away here: nothing of it is read after. */
  rebuild_thresholds (self);
  emit_changed (self, g_strdup_printf (_("Remove a threshold of “%s”"), self->panel->title));
}

static void
add_threshold_row (BsPanelEditor *self,
                   guint          index)
{
  const BsDashboardThresholdStep *step =
    &g_array_index (self->panel->threshold_steps, BsDashboardThresholdStep, index);
  ThresholdRow *row = g_new0 (ThresholdRow, 1);
  gboolean base = index == 0 && isinf (step->value) && step->value < 0;

  row->editor = self;
  row->index = index;
  row->row = ADW_ACTION_ROW (adw_action_row_new ());
  if (base)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), _("Base"));
      adw_action_row_set_subtitle (row->row, _("Below every step"));
    }
  else
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), _("From"));
      row->entry = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_input_purpose (row->entry, GTK_INPUT_PURPOSE_NUMBER);
      gtk_editable_set_width_chars (GTK_EDITABLE (row->entry), 8);
      gtk_widget_set_valign (GTK_WIDGET (row->entry), GTK_ALIGN_CENTER);
      gtk_editable_set_text (GTK_EDITABLE (row->entry),
                             g_ascii_formatd (text, sizeof text, "%.15g", step->value));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Threshold value"), -1);
      g_signal_connect (row->entry, "changed", G_CALLBACK (threshold_entry_changed_cb), row);
      g_signal_connect (row->entry, "activate", G_CALLBACK (threshold_entry_activate_cb), row);
      adw_action_row_add_suffix (row->row, GTK_WIDGET (row->entry));
    }
  row->colour = colour_button_new (step->color, base ? _("Base colour")
                                                     : _("Colour from this value"));
  g_signal_connect (row->colour, "color-set", G_CALLBACK (threshold_colour_set_cb), row);
  adw_action_row_add_suffix (row->row, GTK_WIDGET (row->colour));
  if (!base)
    {
      row->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_valign (row->remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (row->remove, "flat");
      gtk_widget_set_tooltip_text (row->remove, _("Remove This Threshold"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove this threshold"), -1);
      g_signal_connect (row->remove, "clicked", G_CALLBACK (threshold_remove_clicked_cb), row);
      adw_action_row_add_suffix (row->row, row->remove);
    }
  adw_preferences_group_add (self->thresholds_group, GTK_WIDGET (row->row));
  g_ptr_array_add (self->threshold_rows, row);
}

static void
threshold_row_free (gpointer data)
{
  ThresholdRow *row = data;

  /* A colour chooser still open keeps its button alive past the row: it must not find us. */
  g_signal_handlers_disconnect_by_data (row->colour, row);
  if (row->entry != NULL)
    g_signal_handlers_disconnect_by_data (row->entry, row);
  if (row->remove != NULL)
    g_signal_handlers_disconnect_by_data (row->remove, row);
  adw_preferences_group_remove (row->editor->thresholds_group, GTK_WIDGET (row->row));
  g_free (row);
}

static void
rebuild_thresholds (BsPanelEditor *self)
{
  gboolean any;

  self->filling++;
  self->thresholds_generation++;
  g_ptr_array_set_size (self->threshold_rows, 0);
  any = self->panel != NULL && self->panel->has_thresholds
        && self->panel->threshold_steps->len > 0;
  for (guint i = 0; any && i < self->panel->threshold_steps->len; i++)
    add_threshold_row (self, i);
  gtk_widget_set_visible (self->no_thresholds_row, !any);
  self->filling--;
}

/* Grafana's next step: ten above the last, in its next colour. */
static void
add_threshold_clicked_cb (BsPanelEditor *self)
{
  static const char * const colours[] = { "#F2495C", "#FF9830", "#F2CC0C", "#5794F2" };
  GArray *steps;
  double last;

  if (self->panel == NULL)
    return;
  flush_pending (self);
  steps = self->panel->threshold_steps;
  if (!self->panel->has_thresholds || steps->len == 0)
    {
      g_array_set_size (steps, 0);
      self->panel->has_thresholds = TRUE;
      bs_dashboard_panel_add_threshold (self->panel, -INFINITY, DEFAULT_FIXED_COLOUR);
      bs_dashboard_panel_add_threshold (self->panel, 80, colours[0]);
    }
  else
    {
      last = g_array_index (steps, BsDashboardThresholdStep, steps->len - 1).value;
      bs_dashboard_panel_add_threshold (self->panel, isfinite (last) ? last + 10 : 80,
                                        colours[(steps->len - 1) % G_N_ELEMENTS (colours)]);
    }
  rebuild_thresholds (self);
  emit_changed (self, g_strdup_printf (_("Add a threshold to “%s”"), self->panel->title));
}

/* Series colour: fieldConfig.defaults.color in the panel's own JSON, which the model keeps
 * and writes back as it is. */

static JsonObject *
field_defaults (BsDashboardPanel *panel,
                gboolean          create)
{
  JsonObject *object = panel->json;
  const char *path[] = { "fieldConfig", "defaults" };

  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      JsonNode *node = json_object_get_member (object, path[i]);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!create)
            return NULL;
          json_object_set_object_member (object, path[i], json_object_new ());
          node = json_object_get_member (object, path[i]);
        }
      object = json_node_get_object (node);
    }
  return object;
}

/* The fixed colour of the series, or NULL when the colours are automatic. */
static const char *
fixed_colour (BsDashboardPanel *panel)
{
  JsonObject *defaults = field_defaults (panel, FALSE);
  JsonNode *node = defaults != NULL ? json_object_get_member (defaults, "color") : NULL;
  JsonObject *colour;
  JsonNode *fixed;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  colour = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (colour, "mode", ""), "fixed") != 0)
    return NULL;
  fixed = json_object_get_member (colour, "fixedColor");
  return fixed != NULL && JSON_NODE_HOLDS_VALUE (fixed)
         && json_node_get_value_type (fixed) == G_TYPE_STRING
         ? json_node_get_string (fixed) : NULL;
}

static void
set_fixed_colour (BsPanelEditor *self,
                  const char    *colour)
{
  JsonObject *defaults = field_defaults (self->panel, colour != NULL);

  if (colour == NULL)
    {
      if (defaults != NULL)
        json_object_remove_member (defaults, "color");
    }
  else
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "mode", "fixed");
      json_object_set_string_member (object, "fixedColor", colour);
      json_object_set_object_member (defaults, "color", object);
    }
  emit_changed (self, g_strdup_printf (_("Change the colour of “%s”"), self->panel->title));
}

static void
colour_mode_selected_cb (BsPanelEditor *self)
{
  gboolean fixed = adw_combo_row_get_selected (self->colour_row) == 1;
  GdkRGBA rgba;
  g_autofree char *colour = NULL;

  /* Setting the row's model in init selects its first entry before the button exists. */
  if (self->colour_button == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->colour_button), fixed);
  if (self->filling > 0 || self->panel == NULL || fixed == (fixed_colour (self->panel) != NULL))
    return;
  flush_pending (self);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  colour = fixed ? rgba_to_colour (&rgba) : NULL;
  set_fixed_colour (self, colour);
}

static void
colour_set_cb (BsPanelEditor *self)
{
  GdkRGBA rgba;
  g_autofree char *colour = NULL;

  if (self->panel == NULL)
    return;
  flush_pending (self);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  colour = rgba_to_colour (&rgba);
  self->filling++;
  adw_combo_row_set_selected (self->colour_row, 1);
  self->filling--;
  set_fixed_colour (self, colour);
}

/* The dropdowns of the Panel group */

static void
title_changed_cb (BsPanelEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  gtk_label_set_label (self->heading_label, *text != '\0' ? text : _("Edit Panel"));
  if (self->filling == 0 && self->panel != NULL)
    schedule (self, PENDING_TITLE);
}

static void
title_activated_cb (BsPanelEditor *self)
{
  if (self->pending == PENDING_TITLE)
    flush_pending (self);
}

/* A text panel has no data, unit or colours: only its Markdown. */
static void
show_kind (BsPanelEditor *self)
{
  gboolean text = bs_panel_kind_from_type (self->panel->type) == BS_PANEL_KIND_TEXT;

  gtk_widget_set_visible (self->text_group, text);
  gtk_widget_set_visible (self->data_group, !text);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_row), !text);
  gtk_widget_set_visible (GTK_WIDGET (self->decimals_row), !text);
  gtk_widget_set_visible (GTK_WIDGET (self->thresholds_group), !text);
  gtk_widget_set_visible (self->colour_group, !text);
  gtk_widget_set_visible (self->alert_box, !text);
}

static void
content_changed_cb (BsPanelEditor *self)
{
  if (self->filling == 0 && self->panel != NULL)
    schedule (self, PENDING_CONTENT);
}

static void
type_selected_cb (BsPanelEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);
  const char *type;

  if (self->filling > 0 || self->panel == NULL || selected >= self->type_ids->len)
    return;
  type = g_ptr_array_index (self->type_ids, selected);
  if (g_strcmp0 (type, self->panel->type) == 0)
    return;
  flush_pending (self);
  g_free (self->panel->type);
  self->panel->type = g_strdup (type);
  show_kind (self);
  emit_changed (self, g_strdup_printf (_("Change the type of “%s”"), self->panel->title));
}

static void
unit_selected_cb (BsPanelEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->unit_row);
  const char *unit;

  if (self->filling > 0 || self->panel == NULL || selected >= self->unit_ids->len)
    return;
  unit = g_ptr_array_index (self->unit_ids, selected);
  if (g_strcmp0 (unit, self->panel->unit) == 0)
    return;
  flush_pending (self);
  g_free (self->panel->unit);
  self->panel->unit = g_strdup (unit);
  emit_changed (self, g_strdup_printf (_("Change the unit of “%s”"), self->panel->title));
}

static void
decimals_selected_cb (BsPanelEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->decimals_row);
  int decimals;

  if (self->filling > 0 || self->panel == NULL || selected >= self->decimals->len)
    return;
  decimals = g_array_index (self->decimals, int, selected);
  if (decimals == self->panel->decimals)
    return;
  flush_pending (self);
  self->panel->decimals = decimals;
  emit_changed (self, g_strdup_printf (_("Change the decimals of “%s”"), self->panel->title));
}

static void
set_row_labels (AdwComboRow *row,
                GPtrArray   *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (model, g_ptr_array_index (labels, i));
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
}

static void
fill_types (BsPanelEditor *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const BsPanelTypeInfo *types;
  guint n = 0;
  guint selected = GTK_INVALID_LIST_POSITION;
  const BsPanelTypeInfo *current = bs_panel_type_lookup (self->panel->type);

  g_ptr_array_set_size (self->type_ids, 0);
  types = bs_panel_types (&n);
  for (guint i = 0; i < n; i++)
    {
      if (types[i].kind == BS_PANEL_KIND_ROW)
        continue;
      /* An alias ("graph") shows as its kind, and stays as it is until another is chosen. */
      if (current != NULL && current->kind == types[i].kind)
        {
          selected = self->type_ids->len;
          g_ptr_array_add (self->type_ids, g_strdup (self->panel->type));
        }
      else
        g_ptr_array_add (self->type_ids, g_strdup (types[i].type));
      g_ptr_array_add (labels, g_strdup (_(types[i].name)));
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      selected = self->type_ids->len;
      g_ptr_array_add (self->type_ids, g_strdup (self->panel->type));
      g_ptr_array_add (labels, g_strdup_printf (_("%s (a plugin shown as it is)"),
                                                self->panel->type));
    }
  set_row_labels (self->type_row, labels);
  adw_combo_row_set_selected (self->type_row, selected);
}

static const char *
unit_group_name (BsValueUnitGroup group)
{
  switch (group)
    {
    case BS_VALUE_UNIT_GROUP_COUNT:
      return _("Count");
    case BS_VALUE_UNIT_GROUP_CURRENCY:
      return _("Currency");
    case BS_VALUE_UNIT_GROUP_PERCENT:
      return _("Percent");
    case BS_VALUE_UNIT_GROUP_BYTES:
      return _("Bytes");
    case BS_VALUE_UNIT_GROUP_DURATION:
      return _("Duration");
    default:
      return "";
    }
}

static void
fill_units (BsPanelEditor *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const BsValueUnit *units;
  guint n = 0;
  guint selected = 0;

  g_ptr_array_set_size (self->unit_ids, 0);
  g_ptr_array_add (self->unit_ids, NULL);
  g_ptr_array_add (labels, g_strdup (_("Automatic")));
  units = bs_value_units (&n);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (units[i].id, self->panel->unit) == 0)
        selected = self->unit_ids->len;
      g_ptr_array_add (self->unit_ids, g_strdup (units[i].id));
      g_ptr_array_add (labels, g_strdup (_(units[i].name)));
    }
  if (self->panel->unit != NULL && bs_value_unit_lookup (self->panel->unit) == NULL)
    {
      selected = self->unit_ids->len;
      g_ptr_array_add (self->unit_ids, g_strdup (self->panel->unit));
      g_ptr_array_add (labels, g_strdup (self->panel->unit));
    }
  set_row_labels (self->unit_row, labels);
  adw_combo_row_set_selected (self->unit_row, selected);
}

static void
fill_decimals (BsPanelEditor *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_array_set_size (self->decimals, 0);
  for (int d = -1; d <= MAX_LISTED_DECIMALS; d++)
    {
      if (d == self->panel->decimals)
        selected = self->decimals->len;
      g_array_append_val (self->decimals, d);
      g_ptr_array_add (labels, d < 0 ? g_strdup (_("Automatic")) : g_strdup_printf ("%d", d));
    }
  if (self->panel->decimals > MAX_LISTED_DECIMALS)
    {
      selected = self->decimals->len;
      g_array_append_val (self->decimals, self->panel->decimals);
      g_ptr_array_add (labels, g_strdup_printf ("%d", self->panel->decimals));
    }
  set_row_labels (self->decimals_row, labels);
  adw_combo_row_set_selected (self->decimals_row, selected);
}

/* The unit list, with the name of each group over its first unit, as section headers
 * would (GtkDropDown has none before GTK 4.12). */

static void
unit_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
unit_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   BsPanelEditor            *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  GtkStringObject *string = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  const char *id = position < self->unit_ids->len
                   ? g_ptr_array_index (self->unit_ids, position) : NULL;
  const char *previous = position > 0 && position - 1 < self->unit_ids->len
                         ? g_ptr_array_index (self->unit_ids, position - 1) : NULL;
  const BsValueUnit *unit = bs_value_unit_lookup (id);
  const BsValueUnit *before = bs_value_unit_lookup (previous);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
  if (unit != NULL && (before == NULL || before->group != unit->group))
    gtk_label_set_label (GTK_LABEL (header), unit_group_name (unit->group));
  else if (id != NULL && unit == NULL && position > 0)
    gtk_label_set_label (GTK_LABEL (header), _("From Grafana"));
  else
    gtk_label_set_label (GTK_LABEL (header), NULL);
  gtk_widget_set_visible (header, *gtk_label_get_label (GTK_LABEL (header)) != '\0');
}

static void
setup_unit_list (BsPanelEditor *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (unit_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (unit_item_bind_cb), self);
  adw_combo_row_set_list_factory (self->unit_row, factory);
}

/* Data */

static char *
query_json (const BsQuery *query)
{
  g_autoptr(JsonNode) node = NULL;

  if (query == NULL)
    return NULL;
  node = bs_query_to_json (query);
  return json_to_string (node, FALSE);
}

static BsQuery *
panel_query (BsPanelEditor  *self,
             GError        **error)
{
  return self->panel != NULL ? bs_dashboard_panel_get_query (self->panel, NULL, error) : NULL;
}

/* The first target's query text, as short as a sentence allows, with its language:
 * "PromQL: rate(node_cpu_seconds_total[5m])"; NULL without targets. */
static char *
describe_foreign (const BsDashboardPanel *panel)
{
  static const struct
  {
    const char *member;
    const char *language;
  } languages[] = { { "expr", "PromQL" }, { "rawSql", "SQL" }, { "query", "Grafana" } };
  JsonArray *targets;

  if (panel->targets == NULL || !JSON_NODE_HOLDS_ARRAY (panel->targets))
    return NULL;
  targets = json_node_get_array (panel->targets);
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *target = json_array_get_element (targets, i);

      if (!JSON_NODE_HOLDS_OBJECT (target))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
        {
          JsonNode *text = json_object_get_member (json_node_get_object (target),
                                                   languages[j].member);
          g_autofree char *shown = NULL;
          glong length;

          if (text == NULL || !JSON_NODE_HOLDS_VALUE (text)
              || json_node_get_value_type (text) != G_TYPE_STRING
              || !g_utf8_validate (json_node_get_string (text), -1, NULL))
            continue;
          /* g_utf8_substring reads past the end when asked for more than there is. */
          length = g_utf8_strlen (json_node_get_string (text), -1);
          shown = g_utf8_substring (json_node_get_string (text), 0,
                                    MIN (length, FOREIGN_SHOWN_CHARS));
          return g_strdup_printf ("%s: %s%s", languages[j].language, shown,
                                  length > FOREIGN_SHOWN_CHARS ? "…" : "");
        }
    }
  return json_array_get_length (targets) > 0 ? g_strdup ("Grafana") : NULL;
}

static void
update_data_state (BsPanelEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = panel_query (self, &error);
  g_autofree char *reason = NULL;
  g_autofree char *foreign = NULL;

  if (self->panel == NULL)
    return;
  foreign = describe_foreign (self->panel);
  if (query == NULL && error != NULL)
    reason = g_strdup_printf (_("The panel’s query cannot be read: %s"), error->message);
  else if (query == NULL && foreign != NULL)
    reason = g_strdup (_("Alerts here cannot watch another source’s query: choose this "
                         "panel’s data above first."));
  else if (query == NULL)
    reason = g_strdup (_("An alert watches the panel’s data: choose it above first."));

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_alert_button), reason == NULL);
  gtk_label_set_label (self->alert_reason_label, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->alert_reason_label), reason != NULL);
  if (query == NULL && error == NULL && foreign != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("This panel asks another source for its data (%s), which Business "
                           "Studio cannot run. It keeps that query for Grafana until you use "
                           "one of these instead."), foreign);

      gtk_label_set_label (self->no_query_label, text);
    }
  else
    gtk_label_set_label (self->no_query_label,
                         _("This panel shows no data yet. Choose what it shows above, or use "
                           "the query as it stands."));
  gtk_widget_set_visible (self->no_query_box,
                          query == NULL && error == NULL
                          && bs_query_builder_get_query (self->query_builder) != NULL);
}

/* Our target's refId; when the panel has none of ours, its other targets give way: a panel
 * shows one query, and the person just chose which. */
static const char *
our_ref_id (BsDashboardPanel *panel)
{
  JsonArray *targets;

  if (panel->targets == NULL || !JSON_NODE_HOLDS_ARRAY (panel->targets))
    return "A";
  targets = json_node_get_array (panel->targets);
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *node = json_array_get_element (targets, i);
      JsonObject *target;
      JsonNode *datasource;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      target = json_node_get_object (node);
      datasource = json_object_get_member (target, "datasource");
      if (json_object_has_member (target, "businessStudioQuery") && datasource != NULL
          && JSON_NODE_HOLDS_OBJECT (datasource)
          && g_strcmp0 (json_object_get_string_member_with_default (
                          json_node_get_object (datasource), "type", NULL),
                        BS_DASHBOARD_DATASOURCE_TYPE) == 0)
        return json_object_get_string_member_with_default (target, "refId", "A");
    }
  g_clear_pointer (&panel->targets, json_node_unref);
  return "A";
}

static void
write_query (BsPanelEditor *self,
             const BsQuery *query)
{
  g_autofree char *ref_id = g_strdup (our_ref_id (self->panel));

  flush_pending (self);
  bs_dashboard_panel_set_query (self->panel, ref_id, query);
  update_data_state (self);
  emit_changed (self, g_strdup_printf (_("Change the data of “%s”"), self->panel->title));
}

static void
query_changed_cb (BsPanelEditor *self,
                  BsQuery       *query)
{
  g_autoptr(BsQuery) current = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before = NULL;
  gboolean syncing = self->syncing_query;

  self->syncing_query = FALSE;
  if (self->panel == NULL)
    return;
  current = panel_query (self, NULL);
  if (current == NULL || syncing)
    {
      /* A panel without data takes a query only when a person chooses one. */
      update_data_state (self);
      if (current == NULL && !syncing && self->filling == 0)
        write_query (self, query);
      return;
    }
  now = query_json (query);
  before = query_json (current);
  if (g_strcmp0 (now, before) != 0)
    write_query (self, query);
}

static gboolean
sync_done_cb (gpointer user_data)
{
  BsPanelEditor *self = user_data;

  self->sync_idle_id = 0;
  if (!bs_query_builder_get_loading (self->query_builder))
    {
      self->syncing_query = FALSE;
      update_data_state (self);
    }
  return G_SOURCE_REMOVE;
}

/* Once the builder has read what it needed, whatever it made of the panel's query was
 * made in the same callback: the next query it gives is a person's. */
static void
builder_loading_cb (BsPanelEditor *self)
{
  if (!bs_query_builder_get_loading (self->query_builder) && self->sync_idle_id == 0)
    self->sync_idle_id = g_idle_add (sync_done_cb, self);
}

static void
show_query (BsPanelEditor *self)
{
  g_autoptr(BsQuery) query = panel_query (self, NULL);
  g_autofree char *shown = query_json (bs_query_builder_get_query (self->query_builder));
  g_autofree char *wanted = query_json (query);

  if (query != NULL && g_strcmp0 (shown, wanted) == 0)
    return;
  self->syncing_query = TRUE;
  if (query != NULL)
    bs_query_builder_set_query (self->query_builder, query);
  else if (self->default_source > 0)
    bs_query_builder_set_source (self->query_builder, self->default_source, NULL);
  else if (bs_query_builder_get_source_id (self->query_builder) > 0)
    bs_query_builder_set_source (self->query_builder,
                                 bs_query_builder_get_source_id (self->query_builder), NULL);
  /* Answered at once (the schema was in) or not at all: nothing more to wait for. */
  if (!bs_query_builder_get_loading (self->query_builder))
    self->syncing_query = FALSE;
}

static void
use_query_clicked_cb (BsPanelEditor *self)
{
  const BsQuery *query = bs_query_builder_get_query (self->query_builder);

  if (self->panel != NULL && query != NULL)
    write_query (self, query);
}

static void
create_alert_clicked_cb (BsPanelEditor *self)
{
  g_autoptr(BsQuery) query = NULL;

  flush_pending (self);
  query = panel_query (self, NULL);
  if (query != NULL)
    g_signal_emit (self, signals[CREATE_ALERT], 0, query);
}

static void
close_clicked_cb (BsPanelEditor *self)
{
  flush_pending (self);
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

/* Showing a panel */

static void
show_panel (BsPanelEditor *self)
{
  const char *colour = fixed_colour (self->panel);
  GdkRGBA rgba;

  self->filling++;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->panel->title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->content_view),
                            panel_content (self->panel), -1);
  show_kind (self);
  fill_types (self);
  fill_units (self);
  fill_decimals (self);
  colour_to_rgba (colour != NULL ? colour : DEFAULT_FIXED_COLOUR, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->colour_button), &rgba);
  adw_combo_row_set_selected (self->colour_row, colour != NULL ? 1 : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->colour_button), colour != NULL);
  self->filling--;
  rebuild_thresholds (self);
  show_query (self);
  update_data_state (self);
}

/* Public API */

void
bs_panel_editor_set_panel (BsPanelEditor          *self,
                           const BsDashboardPanel *panel)
{
  g_return_if_fail (BS_IS_PANEL_EDITOR (self));

  /* Typing still pending for another panel is a change of that one: keep it. For the same
   * panel, the new copy (after an undo, say) wins over what was being typed. */
  if (self->panel != NULL && panel != NULL && self->panel->id == panel->id)
    cancel_pending (self);
  else
    flush_pending (self);

  g_clear_pointer (&self->panel, bs_dashboard_panel_free);
  if (panel == NULL)
    {
      self->syncing_query = FALSE;
      rebuild_thresholds (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_label (self->heading_label, _("Edit Panel"));
      return;
    }
  self->panel = bs_dashboard_panel_copy (panel);
  show_panel (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

const BsDashboardPanel *
bs_panel_editor_get_panel (BsPanelEditor *self)
{
  g_return_val_if_fail (BS_IS_PANEL_EDITOR (self), NULL);

  return self->panel;
}

const char *
bs_panel_editor_get_change_label (BsPanelEditor *self)
{
  g_return_val_if_fail (BS_IS_PANEL_EDITOR (self), NULL);

  return self->change_label;
}

void
bs_panel_editor_set_client (BsPanelEditor  *self,
                            BsEngineClient *client)
{
  g_return_if_fail (BS_IS_PANEL_EDITOR (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  bs_query_builder_set_client (self->query_builder, client);
  bs_query_preview_set_client (self->query_preview, client);
  if (self->panel != NULL)
    show_query (self);
}

void
bs_panel_editor_set_verbosity (BsPanelEditor      *self,
                               BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_PANEL_EDITOR (self));

  bs_query_builder_set_verbosity (self->query_builder, verbosity);
}

void
bs_panel_editor_set_default_source (BsPanelEditor *self,
                                    gint64         source_id)
{
  g_return_if_fail (BS_IS_PANEL_EDITOR (self));

  self->default_source = source_id;
}

/* GObject */

static void
bs_panel_editor_dispose (GObject *object)
{
  BsPanelEditor *self = BS_PANEL_EDITOR (object);

  /* What was still being typed is dropped with the editor: no signal from a dying widget.
   * The builder, cancelling its loads as it goes, must not reach us either. */
  cancel_pending (self);
  if (self->query_builder != NULL)
    g_signal_handlers_disconnect_by_data (self->query_builder, self);
  if (self->content_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_text_view_get_buffer (self->content_view), self);
  g_clear_handle_id (&self->sync_idle_id, g_source_remove);
  if (self->query_preview != NULL)
    bs_query_preview_follow (self->query_preview, NULL);
  if (self->threshold_rows != NULL)
    g_ptr_array_set_size (self->threshold_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_PANEL_EDITOR);

  G_OBJECT_CLASS (bs_panel_editor_parent_class)->dispose (object);
}

static void
bs_panel_editor_finalize (GObject *object)
{
  BsPanelEditor *self = BS_PANEL_EDITOR (object);

  g_clear_pointer (&self->panel, bs_dashboard_panel_free);
  g_clear_pointer (&self->change_label, g_free);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_clear_pointer (&self->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&self->decimals, g_array_unref);
  g_clear_pointer (&self->threshold_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_panel_editor_parent_class)->finalize (object);
}

static void
bs_panel_editor_class_init (BsPanelEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_panel_editor_dispose;
  object_class->finalize = bs_panel_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CREATE_ALERT] =
    g_signal_new ("create-alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BS_TYPE_QUERY | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_QUERY_BUILDER);
  g_type_ensure (BS_TYPE_QUERY_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-panel-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, root_box);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, close_button);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, add_threshold_button);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, data_group);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, text_group);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, content_view);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, colour_group);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, alert_box);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, query_builder);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, query_preview);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, no_query_box);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, no_query_label);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, unit_row);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, decimals_row);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, thresholds_group);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, colour_row);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, create_alert_button);
  gtk_widget_class_bind_template_child (widget_class, BsPanelEditor, alert_reason_label);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, builder_loading_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_query_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, unit_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, decimals_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_threshold_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, colour_mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_alert_clicked_cb);

  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Escape, 0, "close-requested",
                                       NULL);

  gtk_widget_class_set_css_name (widget_class, "paneleditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_panel_editor_init (BsPanelEditor *self)
{
  g_autoptr(GtkStringList) modes = NULL;
  GtkWidget *none;

  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  self->unit_ids = g_ptr_array_new_with_free_func (g_free);
  self->decimals = g_array_new (FALSE, FALSE, sizeof (int));
  self->threshold_rows = g_ptr_array_new_with_free_func (threshold_row_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling++;
  modes = gtk_string_list_new ((const char * const[]) { _("Automatic"), _("One colour"),
                                                        NULL });
  adw_combo_row_set_model (self->colour_row, G_LIST_MODEL (modes));
  self->colour_button = colour_button_new (DEFAULT_FIXED_COLOUR, _("Series colour"));
  g_signal_connect_swapped (self->colour_button, "color-set", G_CALLBACK (colour_set_cb),
                            self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->colour_row),
                             GTK_WIDGET (self->colour_button));
  self->filling--;

  none = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No thresholds"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (none),
                               _("The panel keeps its own colours. Add one to colour values "
                                 "above a level."));
  adw_preferences_group_add (self->thresholds_group, none);
  self->no_thresholds_row = none;

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->content_view), "changed",
                            G_CALLBACK (content_changed_cb), self);
  setup_unit_list (self);
  bs_query_preview_follow (self->query_preview, self->query_builder);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
bs_panel_editor_new (BsEngineClient *client)
{
  BsPanelEditor *self = g_object_new (BS_TYPE_PANEL_EDITOR, NULL);

  if (client != NULL)
    bs_panel_editor_set_client (self, client);
  return GTK_WIDGET (self);
}
