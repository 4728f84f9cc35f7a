#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-dashboard-panel.h"
#include "bs-dashboard-private.h"
#include "bs-json-fields.h"

G_DEFINE_QUARK (bs-dashboard-error-quark, bs_dashboard_error)
G_DEFINE_BOXED_TYPE (BsDashboardPanel, bs_dashboard_panel,
                     bs_dashboard_panel_copy, bs_dashboard_panel_free)

/* Grafana's defaults for a gridPos member that is missing (CONTRACT.md §10). */
#define DEFAULT_W 12
#define DEFAULT_H 9

static const char * const thresholds_mode_names[] = { "absolute", "percentage", NULL };

/* JSON helpers (bs-dashboard-private.h) */

JsonNode *
bs_dashboard_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, bs_dashboard_json_copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out,
                                  bs_dashboard_json_deep_copy (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, out);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
bs_dashboard_json_copy_object (JsonObject *object)
{
  return bs_dashboard_json_copy_object_except (object, NULL);
}

JsonObject *
bs_dashboard_json_copy_object_except (JsonObject *object,
                                      const char *skip)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* In the document's order, so that an exported file diffs cleanly against the imported
   * one; the skipped member keeps its place as a null until the caller sets it. */
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (g_strcmp0 (name, skip) == 0)
        json_object_set_null_member (out, name);
      else
        json_object_set_member (out, name, bs_dashboard_json_deep_copy (member));
    }
  return out;
}

gboolean
bs_dashboard_json_get_int (JsonObject  *object,
                           const char  *member,
                           const char  *where,
                           const char  *what,
                           gint64      *out,
                           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;
  double number;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      number = json_node_get_double (node);
      if (number == floor (number) && fabs (number) < 1e15)
        {
          *out = (gint64) number;
          return TRUE;
        }
    }
  g_set_error (error, BS_DASHBOARD_ERROR, BS_DASHBOARD_ERROR_INVALID,
               _("%s has a %s that is not a whole number"), where, what);
  return FALSE;
}

gboolean
bs_dashboard_json_get_string (JsonObject  *object,
                              const char  *member,
                              const char  *where,
                              const char  *what,
                              const char **out,
                              GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  g_set_error (error, BS_DASHBOARD_ERROR, BS_DASHBOARD_ERROR_INVALID,
               _("%s has a %s that is not text"), where, what);
  return FALSE;
}

JsonObject *
bs_dashboard_json_ensure_object (JsonObject *object,
                                 const char *member)
{
  JsonObject *child = bs_json_member_object (object, member);

  if (child == NULL)
    {
      child = json_object_new ();
      json_object_set_object_member (object, member, child);
    }
  return child;
}

void
bs_dashboard_json_set_number (JsonObject *object,
                              const char *member,
                              double      value)
{
  if (value == floor (value) && fabs (value) < 1e15)
    json_object_set_int_member (object, member, (gint64) value);
  else
    json_object_set_double_member (object, member, value);
}

/* The model */

static void
clear_step (gpointer data)
{
  BsDashboardThresholdStep *step = data;

  g_clear_pointer (&step->color, g_free);
}

static BsDashboardPanel *
panel_alloc (void)
{
  BsDashboardPanel *self = g_new0 (BsDashboardPanel, 1);

  self->type = g_strdup ("");
  self->title = g_strdup ("");
  self->w = DEFAULT_W;
  self->h = DEFAULT_H;
  self->decimals = -1;
  self->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_dashboard_panel_free);
  self->threshold_steps = g_array_new (FALSE, TRUE, sizeof (BsDashboardThresholdStep));
  g_array_set_clear_func (self->threshold_steps, clear_step);
  self->json = json_object_new ();
  return self;
}

BsDashboardPanel *
bs_dashboard_panel_new (gint64      id,
                        const char *type,
                        const char *title)
{
  BsDashboardPanel *self;

  g_return_val_if_fail (type != NULL, NULL);

  self = panel_alloc ();
  self->id = id;
  g_free (self->type);
  self->type = g_strdup (type);
  g_free (self->title);
  self->title = g_strdup (title != NULL ? title : "");
  if (bs_dashboard_panel_is_row (self))
    {
      self->w = 24;
      self->h = 1;
    }
  return self;
}

BsDashboardPanel *
bs_dashboard_panel_copy (const BsDashboardPanel *self)
{
  BsDashboardPanel *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_dashboard_panel_new (self->id, self->type, self->title);
  copy->x = self->x;
  copy->y = self->y;
  copy->w = self->w;
  copy->h = self->h;
  copy->collapsed = self->collapsed;
  for (guint i = 0; i < self->panels->len; i++)
    g_ptr_array_add (copy->panels, bs_dashboard_panel_copy (g_ptr_array_index (self->panels, i)));
  copy->datasource = bs_dashboard_json_deep_copy (self->datasource);
  copy->targets = bs_dashboard_json_deep_copy (self->targets);
  copy->unit = g_strdup (self->unit);
  copy->decimals = self->decimals;
  copy->thresholds_mode = self->thresholds_mode;
  for (guint i = 0; i < self->threshold_steps->len; i++)
    {
      const BsDashboardThresholdStep *step =
        &g_array_index (self->threshold_steps, BsDashboardThresholdStep, i);

      bs_dashboard_panel_add_threshold (copy, step->value, step->color);
    }
  copy->has_thresholds = self->has_thresholds;
  json_object_unref (copy->json);
  copy->json = bs_dashboard_json_copy_object (self->json);
  return copy;
}

void
bs_dashboard_panel_free (BsDashboardPanel *self)
{
  if (self == NULL)
    return;
  g_free (self->type);
  g_free (self->title);
  g_ptr_array_unref (self->panels);
  g_clear_pointer (&self->datasource, json_node_unref);
  g_clear_pointer (&self->targets, json_node_unref);
  g_free (self->unit);
  g_array_unref (self->threshold_steps);
  json_object_unref (self->json);
  g_free (self);
}

gboolean
bs_dashboard_panel_is_row (const BsDashboardPanel *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_strcmp0 (self->type, "row") == 0;
}

void
bs_dashboard_panel_add_threshold (BsDashboardPanel *self,
                                  double            value,
                                  const char       *color)
{
  BsDashboardThresholdStep step = { value, g_strdup (color) };

  g_return_if_fail (self != NULL);

  g_array_append_val (self->threshold_steps, step);
  self->has_thresholds = TRUE;
}

/* Reading */

static char *
describe_panel (JsonObject *object,
                const char *where)
{
  JsonNode *id = json_object_get_member (object, "id");
  JsonNode *title = json_object_get_member (object, "title");
  g_autofree char *name = NULL;

  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    {
      /* %s: xgettext cannot read G_GINT64_FORMAT, and an id may not fit an int. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));

      name = g_strdup_printf (_("Panel %s"), number);
    }
  else
    name = g_strdup (where != NULL ? where : _("A panel"));
  if (title != NULL && JSON_NODE_HOLDS_VALUE (title)
      && json_node_get_value_type (title) == G_TYPE_STRING
      && *json_node_get_string (title) != '\0')
    return g_strdup_printf ("%s (“%s”)", name, json_node_get_string (title));
  return g_steal_pointer (&name);
}

static gboolean
read_grid_pos (BsDashboardPanel *self,
               JsonObject       *object,
               const char       *name,
               GError          **error)
{
  JsonNode *node = json_object_get_member (object, "gridPos");
  JsonObject *grid;
  gint64 x = 0, y = 0, w = DEFAULT_W, h = DEFAULT_H;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return bs_dashboard_invalid (error, _("%s has no gridPos"), name);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bs_dashboard_invalid (error, _("%s has a gridPos that is not an object"), name);
  grid = json_node_get_object (node);
  if (!bs_dashboard_json_get_int (grid, "x", name, "gridPos.x", &x, error)
      || !bs_dashboard_json_get_int (grid, "y", name, "gridPos.y", &y, error)
      || !bs_dashboard_json_get_int (grid, "w", name, "gridPos.w", &w, error)
      || !bs_dashboard_json_get_int (grid, "h", name, "gridPos.h", &h, error))
    return FALSE;
  if (x < 0 || y < 0 || x > G_MAXINT / 2 || y > G_MAXINT / 2)
    {
      g_autofree char *x_text = g_strdup_printf ("%" G_GINT64_FORMAT, x);
      g_autofree char *y_text = g_strdup_printf ("%" G_GINT64_FORMAT, y);

      return bs_dashboard_invalid (error,
                                   _("%s is placed outside the grid (gridPos x %s, y %s)"),
                                   name, x_text, y_text);
    }
  if (w < 1 || h < 1 || w > G_MAXINT / 2 || h > G_MAXINT / 2)
    {
      g_autofree char *w_text = g_strdup_printf ("%" G_GINT64_FORMAT, w);
      g_autofree char *h_text = g_strdup_printf ("%" G_GINT64_FORMAT, h);

      return bs_dashboard_invalid (error,
                                   _("%s has a size of %s × %s cells in gridPos; both must "
                                     "be at least 1"), name, w_text, h_text);
    }
  self->x = (int) x;
  self->y = (int) y;
  self->w = (int) w;
  self->h = (int) h;
  return TRUE;
}

static gboolean
read_step (BsDashboardPanel *self,
           JsonNode         *node,
           guint             index,
           const char       *name,
           GError          **error)
{
  JsonObject *step;
  JsonNode *value;
  const char *color = NULL;
  g_autofree char *what = g_strdup_printf ("thresholds step %u color", index + 1);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bs_dashboard_invalid (error,
                                 _("%s has a thresholds step %u that is not an object"), name,
                                 index + 1);
  step = json_node_get_object (node);
  if (!bs_dashboard_json_get_string (step, "color", name, what, &color, error))
    return FALSE;
  value = json_object_get_member (step, "value");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      bs_dashboard_panel_add_threshold (self, -INFINITY, color);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (value)
      || (json_node_get_value_type (value) != G_TYPE_INT64
          && json_node_get_value_type (value) != G_TYPE_DOUBLE))
    return bs_dashboard_invalid (error,
                                 _("%s has a thresholds step %u whose value is not a number"),
                                 name, index + 1);
  bs_dashboard_panel_add_threshold (self, json_node_get_double (value), color);
  return TRUE;
}

static gboolean
read_thresholds (BsDashboardPanel *self,
                 JsonObject       *defaults,
                 const char       *name,
                 GError          **error)
{
  JsonNode *node = json_object_get_member (defaults, "thresholds");
  JsonObject *thresholds;
  JsonNode *steps;
  const char *mode = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bs_dashboard_invalid (error, _("%s has thresholds that are not an object"), name);
  thresholds = json_node_get_object (node);
  if (!bs_dashboard_json_get_string (thresholds, "mode", name, "thresholds mode", &mode, error))
    return FALSE;
  if (mode != NULL && !g_strv_contains (thresholds_mode_names, mode))
    return bs_dashboard_invalid (error,
                                 _("%s has thresholds mode “%s”; it must be “absolute” or "
                                   "“percentage”"), name, mode);
  self->has_thresholds = TRUE;
  self->thresholds_mode = g_strcmp0 (mode, "percentage") == 0
                          ? BS_DASHBOARD_THRESHOLDS_PERCENTAGE : BS_DASHBOARD_THRESHOLDS_ABSOLUTE;
  steps = json_object_get_member (thresholds, "steps");
  if (steps == NULL || JSON_NODE_HOLDS_NULL (steps))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (steps))
    return bs_dashboard_invalid (error, _("%s has thresholds steps that are not a list"), name);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    if (!read_step (self, json_array_get_element (json_node_get_array (steps), i), i, name, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_field_defaults (BsDashboardPanel *self,
                     JsonObject       *object,
                     const char       *name,
                     GError          **error)
{
  JsonObject *defaults =
    bs_json_member_object (bs_json_member_object (object, "fieldConfig"), "defaults");
  const char *unit = NULL;
  gint64 decimals = -1;

  if (defaults == NULL)
    return TRUE;
  if (!bs_dashboard_json_get_string (defaults, "unit", name, "unit", &unit, error)
      || !bs_dashboard_json_get_int (defaults, "decimals", name, "number of decimals",
                                     &decimals, error))
    return FALSE;
  if (decimals < -1 || decimals > 20)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, decimals);

      return bs_dashboard_invalid (error, _("%s shows %s decimals; it can show 0 to 20"),
                                   name, shown);
    }
  self->unit = g_strdup (unit);
  self->decimals = (int) decimals;
  return read_thresholds (self, defaults, name, error);
}

static gboolean
read_collapsed (BsDashboardPanel *self,
                JsonObject       *object,
                const char       *name,
                GError          **error)
{
  JsonNode *node = json_object_get_member (object, "collapsed");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bs_dashboard_invalid (error,
                                 _("%s has “collapsed” that is neither true nor false"), name);
  self->collapsed = json_node_get_boolean (node);
  return TRUE;
}

/* With @baseline, reads only what export compares against: the data source and targets by
 * reference, and no children (export writes them afresh). */
static gboolean
read_fields (BsDashboardPanel *self,
             JsonObject       *object,
             const char       *name,
             gboolean          baseline,
             GError          **error)
{
  const char *type = NULL;
  const char *title = NULL;
  JsonNode *node;

  if (!bs_dashboard_json_get_string (object, "type", name, "type", &type, error)
      || !bs_dashboard_json_get_string (object, "title", name, "title", &title, error)
      || !bs_dashboard_json_get_int (object, "id", name, "id", &self->id, error))
    return FALSE;
  if (type == NULL || *type == '\0')
    return bs_dashboard_invalid (error, _("%s has no type"), name);
  g_free (self->type);
  self->type = g_strdup (type);
  g_free (self->title);
  self->title = g_strdup (title != NULL ? title : "");
  if (!read_grid_pos (self, object, name, error)
      || !read_collapsed (self, object, name, error))
    return FALSE;
  node = json_object_get_member (object, "datasource");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    self->datasource = baseline ? json_node_ref (node) : bs_dashboard_json_deep_copy (node);
  node = json_object_get_member (object, "targets");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return bs_dashboard_invalid (error, _("%s has “targets” that are not a list"), name);
      self->targets = baseline ? json_node_ref (node) : bs_dashboard_json_deep_copy (node);
    }
  if (!read_field_defaults (self, object, name, error))
    return FALSE;
  return baseline || !bs_dashboard_panel_is_row (self)
         || bs_dashboard_panels_from_json (object, name, self->panels, error);
}

BsDashboardPanel *
bs_dashboard_panel_from_json (JsonNode    *node,
                              const char  *where,
                              GError     **error)
{
  g_autoptr(BsDashboardPanel) self = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bs_dashboard_invalid (error,
                            _("%s is not a JSON object"), where != NULL ? where : _("A panel"));
      return NULL;
    }
  name = describe_panel (json_node_get_object (node), where);
  self = panel_alloc ();
  if (!read_fields (self, json_node_get_object (node), name, FALSE, error))
    return NULL;
  /* A row's children live in its panels array, not twice */
  json_object_unref (self->json);
  self->json = bs_dashboard_panel_is_row (self)
               ? bs_dashboard_json_copy_object_except (json_node_get_object (node), "panels")
               : bs_dashboard_json_copy_object (json_node_get_object (node));
  return g_steal_pointer (&self);
}

/* Writing: each modelled field goes back only where it differs from what the imported object
 * says, so that an untouched panel comes out exactly as it came in (absent members stay
 * absent, 1 stays 1 rather than 1.0) and an edit changes only its own member. */

static gboolean
steps_equal (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const BsDashboardThresholdStep *sa = &g_array_index (a, BsDashboardThresholdStep, i);
      const BsDashboardThresholdStep *sb = &g_array_index (b, BsDashboardThresholdStep, i);

      if (sa->value != sb->value || g_strcmp0 (sa->color, sb->color) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static JsonNode *
thresholds_to_json (const BsDashboardPanel *self)
{
  JsonObject *thresholds = json_object_new ();
  JsonArray *steps = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (thresholds, "mode", thresholds_mode_names[self->thresholds_mode]);
  for (guint i = 0; i < self->threshold_steps->len; i++)
    {
      const BsDashboardThresholdStep *step =
        &g_array_index (self->threshold_steps, BsDashboardThresholdStep, i);
      JsonObject *object = json_object_new ();

      if (step->color != NULL)
        json_object_set_string_member (object, "color", step->color);
      if (isfinite (step->value))
        bs_dashboard_json_set_number (object, "value", step->value);
      else
        json_object_set_null_member (object, "value");
      json_array_add_object_element (steps, object);
    }
  json_object_set_array_member (thresholds, "steps", steps);
  json_node_take_object (node, thresholds);
  return node;
}

static void
write_field_defaults (const BsDashboardPanel *self,
                      const BsDashboardPanel *before,
                      JsonObject             *object)
{
  gboolean unit_changed = g_strcmp0 (self->unit, before->unit) != 0;
  gboolean decimals_changed = self->decimals != before->decimals;
  gboolean thresholds_changed =
    self->has_thresholds != before->has_thresholds
    || (self->has_thresholds && (self->thresholds_mode != before->thresholds_mode
                                 || !steps_equal (self->threshold_steps, before->threshold_steps)));
  JsonObject *defaults;

  if (!unit_changed && !decimals_changed && !thresholds_changed)
    return;
  defaults = bs_dashboard_json_ensure_object (object, "fieldConfig");
  defaults = bs_dashboard_json_ensure_object (defaults, "defaults");
  if (unit_changed && self->unit != NULL)
    json_object_set_string_member (defaults, "unit", self->unit);
  else if (unit_changed)
    json_object_remove_member (defaults, "unit");
  if (decimals_changed && self->decimals >= 0)
    json_object_set_int_member (defaults, "decimals", self->decimals);
  else if (decimals_changed)
    json_object_remove_member (defaults, "decimals");
  if (thresholds_changed && self->has_thresholds)
    json_object_set_member (defaults, "thresholds", thresholds_to_json (self));
  else if (thresholds_changed)
    json_object_remove_member (defaults, "thresholds");
}

static void
write_grid_pos (const BsDashboardPanel *self,
                const BsDashboardPanel *before,
                JsonObject             *object)
{
  gboolean present = bs_json_member_object (object, "gridPos") != NULL;
  JsonObject *grid;

  if (present && self->x == before->x && self->y == before->y
      && self->w == before->w && self->h == before->h)
    return;
  grid = bs_dashboard_json_ensure_object (object, "gridPos");
  if (!present || self->h != before->h)
    json_object_set_int_member (grid, "h", self->h);
  if (!present || self->w != before->w)
    json_object_set_int_member (grid, "w", self->w);
  if (!present || self->x != before->x)
    json_object_set_int_member (grid, "x", self->x);
  if (!present || self->y != before->y)
    json_object_set_int_member (grid, "y", self->y);
}

static void
write_node_member (JsonObject *object,
                   const char *member,
                   JsonNode   *now,
                   JsonNode   *before)
{
  if (nodes_equal (now, before))
    return;
  if (now != NULL)
    json_object_set_member (object, member, bs_dashboard_json_deep_copy (now));
  else
    json_object_remove_member (object, member);
}

static void
write_children (const BsDashboardPanel *self,
                JsonObject             *object)
{
  if (!bs_dashboard_panel_is_row (self)
      || (self->panels->len == 0 && !json_object_has_member (self->json, "panels")))
    return;
  json_object_set_array_member (object, "panels", bs_dashboard_panels_to_json (self->panels));
}

gboolean
bs_dashboard_invalid (GError     **error,
                      const char  *format,
                      ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (BS_DASHBOARD_ERROR, BS_DASHBOARD_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

gboolean
bs_dashboard_panels_from_json (JsonObject  *object,
                               const char  *row_name,
                               GPtrArray   *panels,
                               GError     **error)
{
  JsonNode *node = json_object_get_member (object, "panels");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return row_name != NULL
           ? bs_dashboard_invalid (error, _("%s has “panels” that are not a list"), row_name)
           : bs_dashboard_invalid (error, _("The dashboard's “panels” are not a list"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = row_name != NULL
                               ? g_strdup_printf (_("Panel %u of row %s"), i + 1, row_name)
                               : g_strdup_printf (_("Panel number %u"), i + 1);
      BsDashboardPanel *panel =
        bs_dashboard_panel_from_json (json_array_get_element (array, i), where, error);

      if (panel == NULL)
        return FALSE;
      g_ptr_array_add (panels, panel);
    }
  return TRUE;
}

JsonArray *
bs_dashboard_panels_to_json (GPtrArray *panels)
{
  JsonArray *array = json_array_sized_new (panels->len);

  for (guint i = 0; i < panels->len; i++)
    json_array_add_element (array, bs_dashboard_panel_to_json (g_ptr_array_index (panels, i)));
  return array;
}

JsonNode *
bs_dashboard_panel_to_json (const BsDashboardPanel *self)
{
  g_autoptr(BsDashboardPanel) before = panel_alloc ();
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  /* A panel made here has an empty object: nothing reads, so everything is written. */
  if (!read_fields (before, self->json, "", TRUE, NULL))
    {
      bs_dashboard_panel_free (before);
      before = panel_alloc ();
      g_clear_pointer (&before->type, g_free);
      g_clear_pointer (&before->title, g_free);
    }
  object = bs_dashboard_panel_is_row (self)
           ? bs_dashboard_json_copy_object_except (self->json, "panels")
           : bs_dashboard_json_copy_object (self->json);
  if (self->id != before->id || (self->id != 0 && !json_object_has_member (object, "id")))
    json_object_set_int_member (object, "id", self->id);
  if (g_strcmp0 (self->type, before->type) != 0)
    json_object_set_string_member (object, "type", self->type);
  if (g_strcmp0 (self->title, before->title) != 0)
    json_object_set_string_member (object, "title", self->title);
  write_grid_pos (self, before, object);
  if (self->collapsed != before->collapsed)
    json_object_set_boolean_member (object, "collapsed", self->collapsed);
  write_node_member (object, "datasource", self->datasource, before->datasource);
  write_node_member (object, "targets", self->targets, before->targets);
  write_field_defaults (self, before, object);
  write_children (self, object);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* Our own targets */

JsonNode *
bs_dashboard_json_our_datasource (gint64 source_id)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, source_id);

  json_object_set_string_member (object, "type", BS_DASHBOARD_DATASOURCE_TYPE);
  json_object_set_string_member (object, "uid", uid);
  json_node_take_object (node, object);
  return node;
}

gboolean
bs_dashboard_json_is_our_datasource (JsonObject *datasource)
{
  const char *type = NULL;

  return datasource != NULL
         && bs_dashboard_json_get_string (datasource, "type", "", "", &type, NULL)
         && g_strcmp0 (type, BS_DASHBOARD_DATASOURCE_TYPE) == 0;
}

static const char *
target_ref_id (JsonObject *target)
{
  const char *ref_id = NULL;

  if (!bs_dashboard_json_get_string (target, "refId", "", "", &ref_id, NULL))
    return NULL;
  return ref_id;
}

void
bs_dashboard_panel_set_query (BsDashboardPanel *self,
                              const char       *ref_id,
                              const BsQuery    *query)
{
  JsonObject *target;
  JsonArray *targets;
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (ref_id != NULL);
  g_return_if_fail (query != NULL);

  target = json_object_new ();
  json_object_set_string_member (target, "refId", ref_id);
  json_object_set_member (target, "datasource",
                          bs_dashboard_json_our_datasource (query->source_id));
  json_object_set_member (target, "businessStudioQuery", bs_query_to_json (query));
  if (self->targets == NULL)
    {
      self->targets = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (self->targets, json_array_new ());
    }
  targets = json_node_get_array (self->targets);
  for (i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *element = json_array_get_element (targets, i);

      if (JSON_NODE_HOLDS_OBJECT (element)
          && g_strcmp0 (target_ref_id (json_node_get_object (element)), ref_id) == 0)
        break;
    }
  if (i < json_array_get_length (targets))
    json_array_remove_element (targets, i);
  json_array_add_object_element (targets, target);
  g_clear_pointer (&self->datasource, json_node_unref);
  self->datasource = bs_dashboard_json_our_datasource (query->source_id);
}

static gboolean
is_our_target (JsonObject *target)
{
  JsonObject *datasource = bs_json_member_object (target, "datasource");

  return bs_dashboard_json_is_our_datasource (datasource)
         && json_object_has_member (target, "businessStudioQuery");
}

static BsQuery *
read_our_target (const BsDashboardPanel  *self,
                 JsonObject              *target,
                 GError                 **error)
{
  g_autoptr(BsQuery) query = NULL;
  JsonObject *datasource = bs_json_member_object (target, "datasource");
  const char *uid = NULL;
  const char *ref_id = target_ref_id (target);
  guint64 source_id = 0;
  /* The messages below take it as %s: xgettext cannot read G_GINT64_FORMAT. */
  g_autofree char *panel_id = g_strdup_printf ("%" G_GINT64_FORMAT, self->id);

  query = bs_query_from_json (json_object_get_member (target, "businessStudioQuery"), error);
  if (query == NULL)
    {
      g_prefix_error (error, _("Panel %s (“%s”), query %s: "),
                      panel_id, self->title, ref_id != NULL ? ref_id : "?");
      return NULL;
    }
  bs_dashboard_json_get_string (datasource, "uid", "", "", &uid, NULL);
  if (uid != NULL && !g_ascii_string_to_unsigned (uid, 10, 1, G_MAXINT64, &source_id, NULL))
    {
      bs_dashboard_invalid (error,
                            _("Panel %s (“%s”), query %s: the data source “%s” is not the "
                              "number of one of this engine's data sources"),
                            panel_id, self->title, ref_id != NULL ? ref_id : "?", uid);
      return NULL;
    }
  if (query->source_id == 0)
    query->source_id = (gint64) source_id;
  else if (source_id != 0 && query->source_id != (gint64) source_id)
    {
      g_autofree char *named_id = g_strdup_printf ("%" G_GINT64_FORMAT, query->source_id);

      bs_dashboard_invalid (error,
                            _("Panel %s (“%s”), query %s names data source %s but its "
                              "target's data source is %s"),
                            panel_id, self->title, ref_id != NULL ? ref_id : "?", named_id, uid);
      return NULL;
    }
  return g_steal_pointer (&query);
}

BsQuery *
bs_dashboard_panel_get_query (const BsDashboardPanel  *self,
                              const char              *ref_id,
                              GError                 **error)
{
  JsonArray *targets;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->targets == NULL || !JSON_NODE_HOLDS_ARRAY (self->targets))
    return NULL;
  targets = json_node_get_array (self->targets);
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *element = json_array_get_element (targets, i);
      JsonObject *target;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      target = json_node_get_object (element);
      if (!is_our_target (target)
          || (ref_id != NULL && g_strcmp0 (target_ref_id (target), ref_id) != 0))
        continue;
      return read_our_target (self, target, error);
    }
  return NULL;
}
