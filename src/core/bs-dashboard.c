#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-dashboard.h"
#include "bs-dashboard-private.h"
#include "bs-json-fields.h"

G_DEFINE_BOXED_TYPE (BsDashboard, bs_dashboard, bs_dashboard_copy, bs_dashboard_free)

/* Grafana's default time range for a dashboard that has none. */
#define DEFAULT_TIME_FROM "now-6h"
#define DEFAULT_TIME_TO   "now"

/* Variables */

BsDashboardVariable *
bs_dashboard_variable_new (const char *name,
                           const char *type)
{
  BsDashboardVariable *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_new0 (BsDashboardVariable, 1);
  self->name = g_strdup (name);
  self->type = g_strdup (type);
  self->json = json_object_new ();
  return self;
}

BsDashboardVariable *
bs_dashboard_variable_copy (const BsDashboardVariable *self)
{
  BsDashboardVariable *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_dashboard_variable_new (self->name, self->type);
  copy->label = g_strdup (self->label);
  copy->query = g_strdup (self->query);
  copy->current = bs_dashboard_json_deep_copy (self->current);
  json_object_unref (copy->json);
  copy->json = bs_dashboard_json_copy_object (self->json);
  return copy;
}

void
bs_dashboard_variable_free (BsDashboardVariable *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->type);
  g_free (self->label);
  g_free (self->query);
  g_clear_pointer (&self->current, json_node_unref);
  json_object_unref (self->json);
  g_free (self);
}

static gboolean
read_variable_fields (BsDashboardVariable *self,
                      JsonObject          *object,
                      const char          *where,
                      GError             **error)
{
  const char *name = NULL, *type = NULL, *label = NULL, *query = NULL;
  JsonObject *query_object = bs_json_member_object (object, "query");
  JsonNode *current;

  if (!bs_dashboard_json_get_string (object, "name", where, "name", &name, error)
      || !bs_dashboard_json_get_string (object, "type", where, "type", &type, error)
      || !bs_dashboard_json_get_string (object, "label", where, "label", &label, error))
    return FALSE;
  if (query_object != NULL)
    {
      if (!bs_dashboard_json_get_string (query_object, "query", where, "query", &query, error))
        return FALSE;
    }
  else if (!bs_dashboard_json_get_string (object, "query", where, "query", &query, error))
    return FALSE;
  if (name == NULL || *name == '\0')
    return bs_dashboard_invalid (error, _("%s has no name"), where);
  if (type == NULL || *type == '\0')
    return bs_dashboard_invalid (error, _("%s (“%s”) has no type"), where, name);
  g_free (self->name);
  self->name = g_strdup (name);
  g_free (self->type);
  self->type = g_strdup (type);
  self->label = g_strdup (label);
  self->query = g_strdup (query);
  current = json_object_get_member (object, "current");
  if (current != NULL && !JSON_NODE_HOLDS_NULL (current))
    self->current = bs_dashboard_json_deep_copy (current);
  return TRUE;
}

static BsDashboardVariable *
variable_from_json (JsonNode    *node,
                    guint        index,
                    GError     **error)
{
  g_autoptr(BsDashboardVariable) self = bs_dashboard_variable_new ("", "");
  g_autofree char *where = g_strdup_printf (_("Template variable %u"), index + 1);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bs_dashboard_invalid (error, _("%s is not a JSON object"), where);
      return NULL;
    }
  if (!read_variable_fields (self, json_node_get_object (node), where, error))
    return NULL;
  json_object_unref (self->json);
  self->json = bs_dashboard_json_copy_object (json_node_get_object (node));
  return g_steal_pointer (&self);
}

static void
write_string_member (JsonObject *object,
                     const char *member,
                     const char *now,
                     const char *before)
{
  if (g_strcmp0 (now, before) == 0)
    return;
  if (now != NULL)
    json_object_set_string_member (object, member, now);
  else
    json_object_remove_member (object, member);
}

static JsonNode *
variable_to_json (const BsDashboardVariable *self)
{
  g_autoptr(BsDashboardVariable) before = bs_dashboard_variable_new ("", "");
  JsonObject *object = bs_dashboard_json_copy_object (self->json);
  JsonObject *query_object = bs_json_member_object (object, "query");
  JsonNode *node;

  /* A variable made here has an empty object: every field is written. */
  if (!read_variable_fields (before, self->json, "", NULL))
    {
      g_clear_pointer (&before->name, g_free);
      g_clear_pointer (&before->type, g_free);
    }
  write_string_member (object, "name", self->name, before->name);
  write_string_member (object, "type", self->type, before->type);
  write_string_member (object, "label", self->label, before->label);
  /* The query goes back where it came from: Prometheus keeps it inside an object. */
  write_string_member (query_object != NULL ? query_object : object, "query",
                       self->query, before->query);
  if (self->current == NULL && before->current != NULL)
    json_object_remove_member (object, "current");
  else if (self->current != NULL
           && (before->current == NULL || !json_node_equal (self->current, before->current)))
    json_object_set_member (object, "current", bs_dashboard_json_deep_copy (self->current));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* The dashboard */

static BsDashboard *
dashboard_alloc (void)
{
  BsDashboard *self = g_new0 (BsDashboard, 1);

  self->title = g_strdup ("");
  self->tags = g_ptr_array_new_with_free_func (g_free);
  self->time_from = g_strdup (DEFAULT_TIME_FROM);
  self->time_to = g_strdup (DEFAULT_TIME_TO);
  self->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_dashboard_variable_free);
  self->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_dashboard_panel_free);
  self->json = json_object_new ();
  return self;
}

BsDashboard *
bs_dashboard_new (const char *title)
{
  BsDashboard *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = dashboard_alloc ();
  g_free (self->title);
  self->title = g_strdup (title);
  self->schema_version = BS_DASHBOARD_SCHEMA_VERSION;
  return self;
}

BsDashboard *
bs_dashboard_copy_header (const BsDashboard *self)
{
  BsDashboard *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_dashboard_new (self->title);
  copy->uid = g_strdup (self->uid);
  for (guint i = 0; i < self->tags->len; i++)
    g_ptr_array_add (copy->tags, g_strdup (g_ptr_array_index (self->tags, i)));
  g_free (copy->time_from);
  copy->time_from = g_strdup (self->time_from);
  g_free (copy->time_to);
  copy->time_to = g_strdup (self->time_to);
  copy->refresh = g_strdup (self->refresh);
  copy->schema_version = self->schema_version;
  for (guint i = 0; i < self->variables->len; i++)
    g_ptr_array_add (copy->variables,
                     bs_dashboard_variable_copy (g_ptr_array_index (self->variables, i)));
  json_object_unref (copy->json);
  copy->json = bs_dashboard_json_copy_object (self->json);
  return copy;
}

BsDashboard *
bs_dashboard_copy (const BsDashboard *self)
{
  BsDashboard *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_dashboard_copy_header (self);
  for (guint i = 0; i < self->panels->len; i++)
    g_ptr_array_add (copy->panels, bs_dashboard_panel_copy (g_ptr_array_index (self->panels, i)));
  return copy;
}

void
bs_dashboard_free (BsDashboard *self)
{
  if (self == NULL)
    return;
  g_free (self->uid);
  g_free (self->title);
  g_ptr_array_unref (self->tags);
  g_free (self->time_from);
  g_free (self->time_to);
  g_free (self->refresh);
  g_ptr_array_unref (self->variables);
  g_ptr_array_unref (self->panels);
  json_object_unref (self->json);
  g_free (self);
}

static gboolean
read_tags (BsDashboard *self,
           JsonObject  *object,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, "tags");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bs_dashboard_invalid (error, _("The dashboard's “tags” are not a list"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        return bs_dashboard_invalid (error, _("Tag %u of the dashboard is not text"), i + 1);
      g_ptr_array_add (self->tags, g_strdup (json_node_get_string (tag)));
    }
  return TRUE;
}

static gboolean
read_time (BsDashboard *self,
           JsonObject  *object,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, "time");
  const char *from = NULL, *to = NULL;
  JsonObject *time;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bs_dashboard_invalid (error,
                                 _("The dashboard's time range (“time”) is not an object"));
  time = json_node_get_object (node);
  if (!bs_dashboard_json_get_string (time, "from", _("The dashboard"), "time.from", &from, error)
      || !bs_dashboard_json_get_string (time, "to", _("The dashboard"), "time.to", &to, error))
    return FALSE;
  if (from != NULL)
    {
      g_free (self->time_from);
      self->time_from = g_strdup (from);
    }
  if (to != NULL)
    {
      g_free (self->time_to);
      self->time_to = g_strdup (to);
    }
  return TRUE;
}

/* Older dashboards write "refresh": false for no refresh, newer ones "". */
static gboolean
read_refresh (BsDashboard *self,
              JsonObject  *object,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "refresh");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
      && !json_node_get_boolean (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bs_dashboard_invalid (error,
                                 _("The dashboard's refresh interval is neither text nor false"));
  if (*json_node_get_string (node) != '\0')
    self->refresh = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* The members of the dashboard object itself, without its variables and panels. */
static gboolean
read_header (BsDashboard *self,
             JsonObject  *object,
             GError     **error)
{
  const char *title = NULL, *uid = NULL;

  if (!bs_dashboard_json_get_string (object, "title", _("The dashboard"), "title", &title, error)
      || !bs_dashboard_json_get_string (object, "uid", _("The dashboard"), "uid", &uid, error)
      || !bs_dashboard_json_get_int (object, "schemaVersion", _("The dashboard"), "schemaVersion",
                                     &self->schema_version, error))
    return FALSE;
  if (title == NULL || *title == '\0')
    return bs_dashboard_invalid (error, _("The dashboard has no title"));
  g_free (self->title);
  self->title = g_strdup (title);
  self->uid = g_strdup (uid);
  return read_tags (self, object, error)
         && read_time (self, object, error)
         && read_refresh (self, object, error);
}

static gboolean
read_variables (BsDashboard *self,
                JsonObject  *object,
                GError     **error)
{
  JsonObject *templating = bs_json_member_object (object, "templating");
  JsonNode *node = templating != NULL ? json_object_get_member (templating, "list") : NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bs_dashboard_invalid (error,
                                 _("The dashboard's template variables "
                                   "(“templating.list”) are not a list"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      BsDashboardVariable *variable =
        variable_from_json (json_array_get_element (array, i), i, error);

      if (variable == NULL)
        return FALSE;
      g_ptr_array_add (self->variables, variable);
    }
  return TRUE;
}

BsDashboard *
bs_dashboard_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(BsDashboard) self = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bs_dashboard_invalid (error, _("The dashboard is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = dashboard_alloc ();
  if (!read_header (self, object, error)
      || !read_variables (self, object, error)
      || !bs_dashboard_panels_from_json (object, NULL, self->panels, error))
    return NULL;
  /* The panels live in the model, not twice; "panels" keeps its place as a null. */
  json_object_unref (self->json);
  self->json = bs_dashboard_json_copy_object_except (object, "panels");
  return g_steal_pointer (&self);
}

static gboolean
tags_equal (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
write_header (const BsDashboard *self,
              const BsDashboard *before,
              JsonObject        *object)
{
  write_string_member (object, "uid", self->uid, before->uid);
  write_string_member (object, "title", self->title, before->title);
  if (!tags_equal (self->tags, before->tags))
    {
      JsonArray *tags = json_array_sized_new (self->tags->len);

      for (guint i = 0; i < self->tags->len; i++)
        json_array_add_string_element (tags, g_ptr_array_index (self->tags, i));
      json_object_set_array_member (object, "tags", tags);
    }
  if (g_strcmp0 (self->time_from, before->time_from) != 0
      || g_strcmp0 (self->time_to, before->time_to) != 0)
    {
      JsonObject *time = bs_dashboard_json_ensure_object (object, "time");

      json_object_set_string_member (time, "from", self->time_from);
      json_object_set_string_member (time, "to", self->time_to);
    }
  /* Grafana writes "" for no refresh since schema 40 (it used to write false). */
  if (g_strcmp0 (self->refresh, before->refresh) != 0)
    json_object_set_string_member (object, "refresh", self->refresh != NULL ? self->refresh : "");
  /* Grafana migrates a document on load from its schemaVersion up to its own, and some of
   * those steps rewrite members we keep untouched (schema 38 turns a table's
   * fieldConfig.defaults.custom.displayMode into cellOptions, 39 rewrites a transformation's
   * options). Claiming the current version for an older document would skip them, so an
   * imported document keeps its own (absent stays absent) and Grafana migrates it as it
   * would the original; a dashboard made here has the current one from bs_dashboard_new. */
  if (self->schema_version != before->schema_version)
    json_object_set_int_member (object, "schemaVersion", self->schema_version);
}

static void
write_variables (const BsDashboard *self,
                 JsonObject        *object)
{
  JsonObject *templating = bs_json_member_object (object, "templating");
  JsonArray *list;

  if (templating == NULL && self->variables->len == 0)
    return;
  templating = bs_dashboard_json_ensure_object (object, "templating");
  list = json_array_sized_new (self->variables->len);
  for (guint i = 0; i < self->variables->len; i++)
    json_array_add_element (list, variable_to_json (g_ptr_array_index (self->variables, i)));
  json_object_set_array_member (templating, "list", list);
}

static void
write_panels (const BsDashboard *self,
              JsonObject        *object)
{
  if (!json_object_has_member (self->json, "panels") && self->panels->len == 0)
    return;
  json_object_set_array_member (object, "panels", bs_dashboard_panels_to_json (self->panels));
}

JsonNode *
bs_dashboard_to_json (const BsDashboard *self)
{
  g_autoptr(BsDashboard) before = dashboard_alloc ();
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  /* A dashboard made here has an empty object: every field is written. */
  if (!read_header (before, self->json, NULL))
    {
      bs_dashboard_free (before);
      before = dashboard_alloc ();
      g_clear_pointer (&before->title, g_free);
      g_clear_pointer (&before->time_from, g_free);
      g_clear_pointer (&before->time_to, g_free);
    }
  object = bs_dashboard_json_copy_object_except (self->json, "panels");
  write_header (self, before, object);
  write_variables (self, object);
  write_panels (self, object);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

gboolean
bs_dashboard_equal (const BsDashboard *a,
                    const BsDashboard *b)
{
  g_autoptr(JsonNode) ja = NULL;
  g_autoptr(JsonNode) jb = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  ja = bs_dashboard_to_json (a);
  jb = bs_dashboard_to_json (b);
  return json_node_equal (ja, jb);
}

static BsDashboardPanel *
find_in (GPtrArray *panels,
         gint64     id)
{
  for (guint i = 0; i < panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (panels, i);
      BsDashboardPanel *child;

      if (panel->id == id)
        return panel;
      if ((child = find_in (panel->panels, id)) != NULL)
        return child;
    }
  return NULL;
}

BsDashboardPanel *
bs_dashboard_find_panel (const BsDashboard *self,
                         gint64             id)
{
  g_return_val_if_fail (self != NULL, NULL);

  return find_in (self->panels, id);
}

static gint64
max_id (GPtrArray *panels)
{
  gint64 result = 0;

  for (guint i = 0; i < panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (panels, i);

      result = MAX (result, MAX (panel->id, max_id (panel->panels)));
    }
  return result;
}

gint64
bs_dashboard_next_panel_id (const BsDashboard *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return max_id (self->panels) + 1;
}

BsGridItem *
bs_dashboard_get_grid_items (const BsDashboard *self,
                             gsize             *n_items)
{
  BsGridItem *items;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_items != NULL, NULL);

  items = g_new0 (BsGridItem, MAX (self->panels->len, 1));
  for (guint i = 0; i < self->panels->len; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (self->panels, i);

      items[i].id = panel->id;
      items[i].x = panel->x;
      items[i].y = panel->y;
      items[i].w = panel->w;
      items[i].h = panel->h;
      items[i].is_row = bs_dashboard_panel_is_row (panel);
    }
  *n_items = self->panels->len;
  return items;
}

static void
place_panel (BsDashboardPanel *panel,
             const BsGridItem *item)
{
  panel->x = item->x;
  panel->y = item->y;
  panel->w = item->w;
  panel->h = item->h;
}

void
bs_dashboard_apply_grid_items (BsDashboard      *self,
                               const BsGridItem *items,
                               gsize             n_items)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (items != NULL || n_items == 0);

  for (gsize i = 0; i < n_items; i++)
    for (guint p = 0; p < self->panels->len; p++)
      {
        BsDashboardPanel *panel = g_ptr_array_index (self->panels, p);

        if (panel->id == items[i].id)
          {
            place_panel (panel, &items[i]);
            break;
          }
      }
}

static void
compact_panels (BsDashboard *self)
{
  gsize n_items;
  g_autofree BsGridItem *items = bs_dashboard_get_grid_items (self, &n_items);

  bs_grid_layout_compact (items, n_items);
  /* By index, not id: imported dashboards may repeat an id. */
  for (gsize i = 0; i < n_items; i++)
    place_panel (g_ptr_array_index (self->panels, i), &items[i]);
}

static void
collapse_row (BsDashboard      *self,
              BsDashboardPanel *row,
              guint             index)
{
  while (index + 1 < self->panels->len
         && !bs_dashboard_panel_is_row (g_ptr_array_index (self->panels, index + 1)))
    g_ptr_array_add (row->panels, g_ptr_array_steal_index (self->panels, index + 1));
  row->collapsed = TRUE;
  compact_panels (self);
}

/* Grafana's DashboardModel.toggleRow: the children keep their places relative to the row,
 * measured from the first one, and what follows moves down by their height. */
static void
expand_row (BsDashboard      *self,
            BsDashboardPanel *row,
            guint             index)
{
  int y_diff;
  int y_max = row->y;
  guint insert = index + 1;

  row->collapsed = FALSE;
  if (row->panels->len == 0)
    return;
  y_diff = ((BsDashboardPanel *) g_ptr_array_index (row->panels, 0))->y - (row->y + row->h);
  while (row->panels->len > 0)
    {
      BsDashboardPanel *child = g_ptr_array_steal_index (row->panels, 0);

      child->y = MAX (child->y - y_diff, 0);
      y_max = MAX (y_max, child->y + child->h);
      g_ptr_array_insert (self->panels, (int) insert++, child);
    }
  for (guint i = insert; i < self->panels->len; i++)
    ((BsDashboardPanel *) g_ptr_array_index (self->panels, i))->y += y_max - row->y - 1;
  compact_panels (self);
}

gboolean
bs_dashboard_set_row_collapsed (BsDashboard      *self,
                                BsDashboardPanel *row,
                                gboolean          collapsed)
{
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (!bs_dashboard_panel_is_row (row) || !g_ptr_array_find (self->panels, row, &index))
    return FALSE;
  if (!row->collapsed == !collapsed)
    return TRUE;
  if (collapsed)
    collapse_row (self, row, index);
  else
    expand_row (self, row, index);
  return TRUE;
}
