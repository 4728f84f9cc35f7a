#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-chart-frame.h"
#include "bs-frame-view.h"

/* Series */

void
bs_chart_series_free (gpointer data)
{
  BsChartSeries *series = data;

  g_free (series->name);
  g_array_unref (series->times);
  g_array_unref (series->values);
  g_free (series);
}

BsChartSeries *
bs_chart_series_find (GPtrArray  *list,
                      GHashTable *by_name,
                      const char *name)
{
  BsChartSeries *series = g_hash_table_lookup (by_name, name);

  if (series == NULL)
    {
      series = g_new0 (BsChartSeries, 1);
      series->name = g_strdup (name);
      series->times = g_array_new (FALSE, FALSE, sizeof (double));
      series->values = g_array_new (FALSE, FALSE, sizeof (double));
      series->last = NAN;
      g_ptr_array_add (list, series);
      g_hash_table_insert (by_name, series->name, series);
    }
  return series;
}

/* Reading the frame */

JsonNode *
bs_chart_frame_cell (JsonArray *array,
                     int        index)
{
  return index >= 0 && (guint) index < json_array_get_length (array)
         ? json_array_get_element (array, index) : NULL;
}

const char *
bs_chart_frame_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

const char *
bs_chart_frame_column (JsonArray  *columns,
                       guint       index,
                       const char *member)
{
  JsonNode *node = bs_chart_frame_cell (columns, index);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return bs_chart_frame_string (json_object_get_member (json_node_get_object (node), member));
}

gboolean
bs_chart_frame_number (JsonNode *node,
                       double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

gboolean
bs_chart_frame_time (const char *text,
                     double     *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL)
    return FALSE;
  iso = g_strdup (text);
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  time = g_date_time_new_from_iso8601 (iso, utc);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time) + g_date_time_get_microsecond (time) / 1e6;
  return TRUE;
}

char *
bs_chart_frame_row_key (JsonArray *columns,
                        JsonArray *row,
                        guint      first,
                        guint      last,
                        guint      skip)
{
  GString *key = g_string_new (NULL);

  for (guint i = first; i < last && i < json_array_get_length (row); i++)
    {
      g_autofree char *text = NULL;

      if (i == skip)
        continue;
      text = bs_frame_format_value (json_array_get_element (row, i),
                                    bs_chart_frame_column (columns, i, "type"));
      if (key->len > 0)
        g_string_append (key, " · ");
      g_string_append (key, text);
    }
  return g_string_free (key, FALSE);
}

/* Drawing */

gboolean
bs_chart_is_dark (const GdkRGBA *foreground)
{
  return 0.2126 * foreground->red + 0.7152 * foreground->green +
         0.0722 * foreground->blue > 0.5;
}

PangoLayout *
bs_chart_layout (GtkWidget  *widget,
                 const char *text,
                 double      scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
bs_chart_draw_layout (GtkSnapshot   *snapshot,
                      PangoLayout   *layout,
                      double         x,
                      double         y,
                      const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}
