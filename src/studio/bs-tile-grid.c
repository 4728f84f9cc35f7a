#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-tile-grid.h"

#define DEFAULT_MIN_TILE_WIDTH 200
#define DEFAULT_SPACING        12

struct _BsTileGrid
{
  GtkWidget        parent_instance;

  int              min_tile_width;
  int              spacing;
};

enum {
  PROP_0,
  PROP_MIN_TILE_WIDTH,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BsTileGrid, bs_tile_grid, GTK_TYPE_WIDGET)

static guint
count_tiles (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      n++;

  return n;
}

/* A tile can shrink to the widest of the tiles' minimum widths; it is given columns only
 * as wide as the widest natural width (and at least min-tile-width), so that figures are
 * not cut short to fit one more column. */
static void
tile_widths (BsTileGrid *self,
             GtkWidget  *widget,
             int        *minimum,
             int        *natural)
{
  *minimum = 0;
  *natural = self->min_tile_width;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat,
                          NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

guint
bs_tile_grid_get_columns (BsTileGrid *self,
                          int         width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n;
  int tile_min, tile;

  g_return_val_if_fail (BS_IS_TILE_GRID (self), 1);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), 1);

  n = count_tiles (widget);
  tile_widths (self, widget, &tile_min, &tile);

  for (guint columns = n; columns > 1; columns--)
    if (n % columns == 0 && (int) columns * tile + ((int) columns - 1) * self->spacing <= width)
      return columns;

  return 1;
}

static int
column_width (BsTileGrid *self,
              int         width,
              guint       columns)
{
  return MAX (0, (width - ((int) columns - 1) * self->spacing) / (int) columns);
}

/* Heights of the rows at @width, summed. */
static int
total_height (BsTileGrid *self,
              GtkWidget  *widget,
              int         width,
              gboolean    natural)
{
  guint columns = bs_tile_grid_get_columns (self, width);
  int tile_width = column_width (self, width, columns);
  int total = 0, row = 0;
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, tile_width, &child_min, &child_nat,
                          NULL, NULL);
      row = MAX (row, natural ? child_nat : child_min);
      if (++i % columns == 0)
        {
          total += row + (total > 0 ? self->spacing : 0);
          row = 0;
        }
    }

  if (i % columns != 0)
    total += row + (total > 0 ? self->spacing : 0);

  return total;
}

static GtkSizeRequestMode
bs_tile_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bs_tile_grid_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  BsTileGrid *self = BS_TILE_GRID (widget);
  guint n = count_tiles (widget);

  int tile_min, tile_nat;

  tile_widths (self, widget, &tile_min, &tile_nat);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = tile_min;
      *natural = n > 0 ? (int) n * tile_nat + ((int) n - 1) * self->spacing : 0;
      return;
    }

  if (for_size < 0)
    for_size = tile_min;

  *minimum = total_height (self, widget, for_size, FALSE);
  *natural = total_height (self, widget, for_size, TRUE);
}

static void
bs_tile_grid_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  BsTileGrid *self = BS_TILE_GRID (widget);
  guint columns = bs_tile_grid_get_columns (self, width);
  int tile_width = column_width (self, width, columns);
  GtkWidget *row_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (row_start != NULL)
    {
      GtkWidget *child = row_start;
      int row_height = 0;
      guint i = 0;

      /* First the row's height, then its tiles, all that tall. */
      for (; child != NULL && i < columns; child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, tile_width, &child_min,
                              &child_nat, NULL, NULL);
          row_height = MAX (row_height, child_nat);
          i++;
        }

      i = 0;
      for (; row_start != child; row_start = gtk_widget_get_next_sibling (row_start))
        {
          int x;

          if (!gtk_widget_should_layout (row_start))
            continue;
          x = (int) i * (tile_width + self->spacing);
          if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
            x = width - x - tile_width;
          gtk_widget_size_allocate (row_start,
                                    &(GtkAllocation) { x, y, tile_width, row_height }, -1);
          i++;
        }

      y += row_height + self->spacing;
    }
}

static void
bs_tile_grid_dispose (GObject *object)
{
  GtkWidget *child;

  /* Tiles come in as <child> elements, which GtkWidget parents to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bs_tile_grid_parent_class)->dispose (object);
}

static void
bs_tile_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BsTileGrid *self = BS_TILE_GRID (object);

  switch (prop_id)
    {
    case PROP_MIN_TILE_WIDTH:
      g_value_set_int (value, self->min_tile_width);
      break;

    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_tile_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BsTileGrid *self = BS_TILE_GRID (object);

  switch (prop_id)
    {
    case PROP_MIN_TILE_WIDTH:
      bs_tile_grid_set_min_tile_width (self, g_value_get_int (value));
      break;

    case PROP_SPACING:
      bs_tile_grid_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_tile_grid_class_init (BsTileGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_tile_grid_dispose;
  object_class->get_property = bs_tile_grid_get_property;
  object_class->set_property = bs_tile_grid_set_property;

  widget_class->get_request_mode = bs_tile_grid_get_request_mode;
  widget_class->measure = bs_tile_grid_measure;
  widget_class->size_allocate = bs_tile_grid_size_allocate;

  properties[PROP_MIN_TILE_WIDTH] =
    g_param_spec_int ("min-tile-width", NULL, NULL, 0, G_MAXINT, DEFAULT_MIN_TILE_WIDTH,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, DEFAULT_SPACING,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "tilegrid");
}

static void
bs_tile_grid_init (BsTileGrid *self)
{
  self->min_tile_width = DEFAULT_MIN_TILE_WIDTH;
  self->spacing = DEFAULT_SPACING;
}

GtkWidget *
bs_tile_grid_new (void)
{
  return g_object_new (BS_TYPE_TILE_GRID, NULL);
}

void
bs_tile_grid_set_min_tile_width (BsTileGrid *self,
                                 int         width)
{
  g_return_if_fail (BS_IS_TILE_GRID (self));

  if (self->min_tile_width == width)
    return;

  self->min_tile_width = width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_TILE_WIDTH]);
}

void
bs_tile_grid_set_spacing (BsTileGrid *self,
                          int         spacing)
{
  g_return_if_fail (BS_IS_TILE_GRID (self));

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
