#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-format.h"
#include "bs-frame-view.h"

#define EM_DASH "\xe2\x80\x94"
#define MINUS_SIGN "\xe2\x88\x92"
#define SAMPLE_ROWS 200     /* rows measured to size a column */
#define MIN_CHARS 3
#define MAX_CHARS 36

/* One row of the frame for the list model: the view's models need GObjects. */
#define BS_TYPE_FRAME_ROW (bs_frame_row_get_type ())
G_DECLARE_FINAL_TYPE (BsFrameRow, bs_frame_row, BS, FRAME_ROW, GObject)

struct _BsFrameRow
{
  GObject    parent_instance;
  JsonArray *values;
};

G_DEFINE_FINAL_TYPE (BsFrameRow, bs_frame_row, G_TYPE_OBJECT)

static void
bs_frame_row_finalize (GObject *object)
{
  g_clear_pointer (&BS_FRAME_ROW (object)->values, json_array_unref);

  G_OBJECT_CLASS (bs_frame_row_parent_class)->finalize (object);
}

static void
bs_frame_row_class_init (BsFrameRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_frame_row_finalize;
}

static void
bs_frame_row_init (BsFrameRow *self)
{
}

static BsFrameRow *
bs_frame_row_new (JsonArray *values)
{
  BsFrameRow *row = g_object_new (BS_TYPE_FRAME_ROW, NULL);

  row->values = json_array_ref (values);
  return row;
}

static JsonNode *
bs_frame_row_get (BsFrameRow *row,
                  guint       column)
{
  if (row->values == NULL || column >= json_array_get_length (row->values))
    return NULL;
  return json_array_get_element (row->values, column);
}

struct _BsFrameView
{
  GtkWidget          parent_instance;

  GtkWidget         *stack;
  GtkWidget         *column_view;
  GtkWidget         *empty_title;
  GtkWidget         *empty_description;

  GListStore        *rows;
  GtkSortListModel  *sorted;
  JsonObject        *frame;
  gboolean           frame_is_copy;
  GPtrArray         *types;   /* of char*, one a column */
};

G_DEFINE_FINAL_TYPE (BsFrameView, bs_frame_view, GTK_TYPE_WIDGET)

/* Numbers */

static gboolean
is_numeric_type (const char *type)
{
  return g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0;
}

static const char *
decimal_point (void)
{
  const struct lconv *lc = localeconv ();

  return lc->decimal_point != NULL && lc->decimal_point[0] != '\0' ? lc->decimal_point : ".";
}

/* Enough decimals to tell values apart without a wall of digits: two for ordinary
 * amounts, more for small fractions, none for whole numbers. */
static int
decimals_for (double magnitude)
{
  if (magnitude == floor (magnitude))
    return 0;
  if (magnitude >= 1)
    return 2;
  if (magnitude == 0)
    return 0;
  return MIN (6, 2 - (int) floor (log10 (magnitude)));
}

static char *
format_double (double value)
{
  double magnitude = fabs (value);
  int decimals;
  double scale, scaled, whole, fraction;
  g_autofree char *grouped = NULL;
  g_autofree char *digits = NULL;
  int end;

  if (isnan (value))
    return g_strdup (_("not a number"));
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : MINUS_SIGN "∞");
  if (magnitude >= 1e15)
    return g_strdup_printf ("%s%.6g", value < 0 ? MINUS_SIGN : "", magnitude);

  decimals = decimals_for (magnitude);
  scale = pow (10, decimals);
  scaled = round (magnitude * scale);
  whole = floor (scaled / scale);
  fraction = scaled - whole * scale;
  grouped = bs_format_count ((gint64) whole);
  if (decimals == 0 || fraction == 0)
    return g_strconcat (value < 0 && scaled > 0 ? MINUS_SIGN : "", grouped, NULL);

  digits = g_strdup_printf ("%0*.0f", decimals, fraction);
  for (end = strlen (digits); end > 1 && digits[end - 1] == '0'; end--)
    digits[end - 1] = '\0';

  return g_strconcat (value < 0 ? MINUS_SIGN : "", grouped, decimal_point (), digits, NULL);
}

static char *
format_number (JsonNode   *value,
               const char *type)
{
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      if (g_strcmp0 (text, "NaN") == 0)
        return format_double (NAN);
      if (g_strcmp0 (text, "+Inf") == 0)
        return format_double (INFINITY);
      if (g_strcmp0 (text, "-Inf") == 0)
        return format_double (-INFINITY);
      return g_strdup (text);
    }

  if (json_node_get_value_type (value) == G_TYPE_INT64 && g_strcmp0 (type, "number") != 0)
    return bs_format_count (json_node_get_int (value));

  return format_double (json_node_get_double (value));
}

/* Times */

static GDateTime *
parse_time (JsonNode *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *text = NULL;
  GType value_type = json_node_get_value_type (value);

  if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
    {
      double seconds = json_node_get_double (value);

      /* Milliseconds since 1970 are above 10^11, seconds are not for the next 1,000 years. */
      if (fabs (seconds) > 1e11)
        seconds /= 1000;
      return g_date_time_new_from_unix_utc ((gint64) floor (seconds));
    }
  if (value_type != G_TYPE_STRING)
    return NULL;

  text = g_strdup (json_node_get_string (value));
  if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      return g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (strlen (text) > 10 && text[10] == ' ')
    text[10] = 'T';

  return g_date_time_new_from_iso8601 (text, utc);
}

static char *
format_time (JsonNode *value)
{
  g_autoptr(GDateTime) utc = parse_time (value);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return json_node_get_value_type (value) == G_TYPE_STRING
           ? g_strdup (json_node_get_string (value)) : NULL;

  local = g_date_time_to_local (utc);
  if (g_date_time_get_second (local) != 0)
    /* Translators: a date and time in a table, see g_date_time_format(). */
    return g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
  /* Translators: a date and time in a table, see g_date_time_format(). */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
bs_frame_format_value (JsonNode   *value,
                       const char *type)
{
  char *text = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (EM_DASH);
  if (!JSON_NODE_HOLDS_VALUE (value))
    return json_to_string (value, FALSE);

  if (g_strcmp0 (type, "time") == 0)
    text = format_time (value);
  else if (is_numeric_type (type) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
      else
        text = format_number (value, type);
    }
  else
    text = g_strdup (json_node_get_string (value));

  return text != NULL ? text : g_strdup (EM_DASH);
}

/* Sorting */

static int
compare_values (JsonNode   *a,
                JsonNode   *b,
                const char *type)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a) || !JSON_NODE_HOLDS_VALUE (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b) || !JSON_NODE_HOLDS_VALUE (b);
  GType a_type, b_type;

  /* Missing values count as the lowest, as spreadsheets do (the column view turns the
   * order round for a descending sort, so they cannot stay last both ways). */
  if (a_null || b_null)
    return b_null - a_null;

  a_type = json_node_get_value_type (a);
  b_type = json_node_get_value_type (b);
  if (a_type != G_TYPE_STRING && b_type != G_TYPE_STRING)
    {
      double x = json_node_get_double (a), y = json_node_get_double (b);

      return (x > y) - (x < y);
    }
  if (a_type != b_type)
    return a_type == G_TYPE_STRING ? 1 : -1;

  /* ISO 8601 UTC text sorts by time as it is. */
  if (g_strcmp0 (type, "time") == 0)
    return strcmp (json_node_get_string (a), json_node_get_string (b));
  return g_utf8_collate (json_node_get_string (a), json_node_get_string (b));
}

typedef struct
{
  guint  column;
  char  *type;
} SortData;

static void
sort_data_free (gpointer data)
{
  SortData *sort = data;

  g_free (sort->type);
  g_free (sort);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SortData *sort = user_data;

  return compare_values (bs_frame_row_get ((BsFrameRow *) a, sort->column),
                         bs_frame_row_get ((BsFrameRow *) b, sort->column),
                         sort->type);
}

/* Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);
  SortData *data = user_data;

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (is_numeric_type (data->type))
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
      gtk_widget_add_css_class (inscription, "numeric");
    }
  gtk_list_item_set_child (item, inscription);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  SortData *data = user_data;
  BsFrameRow *row = gtk_list_item_get_item (item);
  GtkWidget *inscription = gtk_list_item_get_child (item);
  JsonNode *value = bs_frame_row_get (row, data->column);
  g_autofree char *text = bs_frame_format_value (value, data->type);
  gboolean missing = value == NULL || JSON_NODE_HOLDS_NULL (value);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  if (missing)
    gtk_widget_add_css_class (inscription, "dim-label");
  else
    gtk_widget_remove_css_class (inscription, "dim-label");
  gtk_widget_set_tooltip_text (inscription, missing ? _("No value") : NULL);
}

static JsonArray *
frame_array (JsonObject *frame,
             const char *name)
{
  JsonNode *node = frame != NULL ? json_object_get_member (frame, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
column_string (JsonArray  *columns,
               guint       index,
               const char *member)
{
  JsonNode *node = json_array_get_element (columns, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (node), member, NULL);
}

/* Wide enough for the title and the longest of the first rows, within bounds, so that a
 * column of IDs stays narrow and one of long names does not push the rest off screen. */
static int
column_chars (BsFrameView *self,
              guint        column,
              const char  *title,
              const char  *type)
{
  guint n = MIN (SAMPLE_ROWS, g_list_model_get_n_items (G_LIST_MODEL (self->rows)));
  int chars = g_utf8_strlen (title, -1) + 2;   /* room for the sort arrow */

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsFrameRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      g_autofree char *text = bs_frame_format_value (bs_frame_row_get (row, column), type);

      chars = MAX (chars, (int) g_utf8_strlen (text, -1));
    }

  return CLAMP (chars, MIN_CHARS, MAX_CHARS);
}

static void
clear_columns (BsFrameView *self)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view));
  guint n;

  while ((n = g_list_model_get_n_items (columns)) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, n - 1);

      gtk_column_view_remove_column (GTK_COLUMN_VIEW (self->column_view), column);
    }
  g_ptr_array_set_size (self->types, 0);
}

static void
add_column (BsFrameView *self,
            guint        index,
            const char  *name,
            const char  *type)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;
  SortData *data = g_new0 (SortData, 1);
  SortData *sort = g_new0 (SortData, 1);
  int chars;

  data->column = sort->column = index;
  data->type = g_strdup (type);
  sort->type = g_strdup (type);

  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell), data,
                         (GClosureNotify) (void (*) (void)) sort_data_free, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), data);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, sort, sort_data_free));

  column = gtk_column_view_column_new (name, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  chars = column_chars (self, index, name, type);
  /* About 8 px a character at the default font, plus the cell's padding. */
  gtk_column_view_column_set_fixed_width (column, chars * 8 + 24);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), column);
}

static gboolean
same_columns (JsonArray *a,
              JsonArray *b)
{
  guint n = json_array_get_length (a);

  if (n != json_array_get_length (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (column_string (a, i, "name"), column_string (b, i, "name")) != 0 ||
        g_strcmp0 (column_string (a, i, "type"), column_string (b, i, "type")) != 0)
      return FALSE;

  return TRUE;
}

static void
append_rows_of (BsFrameView *self,
                JsonArray   *rows)
{
  guint n = rows != NULL ? json_array_get_length (rows) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rows, i);

      if (JSON_NODE_HOLDS_ARRAY (node))
        g_ptr_array_add (items, bs_frame_row_new (json_node_get_array (node)));
    }
  g_list_store_splice (self->rows, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), 0,
                       items->pdata, items->len);
}

static void
update_visible (BsFrameView *self)
{
  gboolean has_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0;

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), has_rows ? "table" : "empty");
}

void
bs_frame_view_set_frame (BsFrameView *self,
                         JsonObject  *frame)
{
  JsonArray *columns;

  g_return_if_fail (BS_IS_FRAME_VIEW (self));

  if (frame != NULL)
    json_object_ref (frame);
  g_clear_pointer (&self->frame, json_object_unref);
  self->frame = frame;
  self->frame_is_copy = FALSE;

  clear_columns (self);
  g_list_store_remove_all (self->rows);
  append_rows_of (self, frame_array (frame, "rows"));

  columns = frame_array (frame, "columns");
  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      const char *name = column_string (columns, i, "name");
      const char *type = column_string (columns, i, "type");

      g_ptr_array_add (self->types, g_strdup (type));
      add_column (self, i, name != NULL ? name : "", type);
    }

  update_visible (self);
}

JsonObject *
bs_frame_view_get_frame (BsFrameView *self)
{
  g_return_val_if_fail (BS_IS_FRAME_VIEW (self), NULL);

  return self->frame;
}

/* A frame whose list of rows is its own (the rows themselves are shared: never changed). */
static JsonObject *
copy_frame (JsonObject *frame)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, frame);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_strcmp0 (name, "rows") == 0 && JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *rows = json_node_get_array (member);
          JsonArray *own = json_array_sized_new (json_array_get_length (rows));

          for (guint i = 0; i < json_array_get_length (rows); i++)
            json_array_add_element (own, json_node_copy (json_array_get_element (rows, i)));
          json_object_set_array_member (copy, name, own);
        }
      else
        json_object_set_member (copy, name, json_node_copy (member));
    }

  return copy;
}

gboolean
bs_frame_view_append_rows (BsFrameView *self,
                           JsonObject  *frame)
{
  JsonArray *columns;
  JsonArray *shown;
  JsonArray *rows;

  g_return_val_if_fail (BS_IS_FRAME_VIEW (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);

  columns = frame_array (frame, "columns");
  shown = frame_array (self->frame, "columns");
  if (columns == NULL || shown == NULL || !same_columns (columns, shown))
    return FALSE;

  rows = frame_array (frame, "rows");
  append_rows_of (self, rows);
  /* Keep the frame whole, so that get_frame () gives every row on show; in a copy, since
   * the one given to set_frame () belongs to the caller. */
  if (!self->frame_is_copy)
    {
      JsonObject *copy = copy_frame (self->frame);

      json_object_unref (self->frame);
      self->frame = copy;
      self->frame_is_copy = TRUE;
    }
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    json_array_add_element (frame_array (self->frame, "rows"),
                            json_node_copy (json_array_get_element (rows, i)));

  update_visible (self);
  return TRUE;
}

guint
bs_frame_view_get_n_rows (BsFrameView *self)
{
  g_return_val_if_fail (BS_IS_FRAME_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

guint
bs_frame_view_get_n_columns (BsFrameView *self)
{
  g_return_val_if_fail (BS_IS_FRAME_VIEW (self), 0);

  return self->types->len;
}

char *
bs_frame_view_dup_cell_text (BsFrameView *self,
                             guint        row,
                             guint        column)
{
  g_autoptr(BsFrameRow) item = NULL;

  g_return_val_if_fail (BS_IS_FRAME_VIEW (self), NULL);

  if (column >= self->types->len)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  if (item == NULL)
    return NULL;

  return bs_frame_format_value (bs_frame_row_get (item, column),
                                g_ptr_array_index (self->types, column));
}

void
bs_frame_view_set_empty_text (BsFrameView *self,
                              const char  *title,
                              const char  *description)
{
  g_return_if_fail (BS_IS_FRAME_VIEW (self));

  gtk_label_set_label (GTK_LABEL (self->empty_title), title);
  gtk_label_set_label (GTK_LABEL (self->empty_description), description);
  gtk_widget_set_visible (self->empty_description, description != NULL && *description);
}

static GtkWidget *
build_empty_state (BsFrameView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-spreadsheet-symbolic");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);

  self->empty_title = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->empty_title), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty_title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->empty_title, "title-4");
  gtk_box_append (GTK_BOX (box), self->empty_title);

  self->empty_description = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->empty_description), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty_description), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->empty_description, "dim-label");
  gtk_box_append (GTK_BOX (box), self->empty_description);

  return box;
}

static void
bs_frame_view_dispose (GObject *object)
{
  BsFrameView *self = BS_FRAME_VIEW (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->sorted);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (bs_frame_view_parent_class)->dispose (object);
}

static void
bs_frame_view_finalize (GObject *object)
{
  BsFrameView *self = BS_FRAME_VIEW (object);

  g_clear_pointer (&self->frame, json_object_unref);
  g_clear_pointer (&self->types, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_frame_view_parent_class)->finalize (object);
}

static void
bs_frame_view_class_init (BsFrameViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_frame_view_dispose;
  object_class->finalize = bs_frame_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "frameview");
}

static void
bs_frame_view_init (BsFrameView *self)
{
  GtkWidget *scrolled;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkSorter *sorter;

  self->types = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_list_store_new (BS_TYPE_FRAME_ROW);

  self->column_view = gtk_column_view_new (NULL);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (self->column_view), FALSE);
  gtk_widget_add_css_class (self->column_view, "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Result rows"),
                                  -1);

  sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->column_view));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                          g_object_ref (sorter));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (self->column_view),
                             GTK_SELECTION_MODEL (selection));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->column_view);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  gtk_widget_set_vexpand (scrolled, TRUE);

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), build_empty_state (self), "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "table");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  bs_frame_view_set_empty_text (self, _("No Rows"), NULL);
  update_visible (self);
}

GtkWidget *
bs_frame_view_new (void)
{
  return g_object_new (BS_TYPE_FRAME_VIEW, NULL);
}
