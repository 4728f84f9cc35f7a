#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-query-clause.h"

#define CLAUSE_SPACING 6

struct _BsQueryClause
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (BsQueryClause, bs_query_clause, GTK_TYPE_WIDGET)

/* Lays the children out in lines @width wide; with @allocate, gives them their places.
 * Returns the height used. */
static int
clause_flow (GtkWidget *widget,
             int        width,
             gboolean   allocate)
{
  GtkWidget *line_start = gtk_widget_get_first_child (widget);
  int y = 0;

  while (line_start != NULL)
    {
      GtkWidget *child = line_start, *line_end;
      GtkWidget *expander = NULL;
      int x = 0, line_height = 0, extra;

      /* Fill one line. */
      for (; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int natural, height;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          natural = MIN (natural, width);
          if (x > 0 && x + natural > width)
            break;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, natural, NULL, &height, NULL,
                              NULL);
          line_height = MAX (line_height, height);
          if (expander == NULL && gtk_widget_get_hexpand (child))
            expander = child;
          x += natural + CLAUSE_SPACING;
        }
      line_end = child;
      extra = MAX (0, width - (x - CLAUSE_SPACING));

      if (allocate)
        {
          x = 0;
          for (child = line_start; child != line_end; child = gtk_widget_get_next_sibling (child))
            {
              int natural, height;

              if (!gtk_widget_should_layout (child))
                continue;
              gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL,
                                  NULL);
              natural = MIN (natural, width) + (child == expander ? extra : 0);
              gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, natural, NULL, &height,
                                  NULL, NULL);
              gtk_widget_size_allocate (child,
                                        &(GtkAllocation) { x, y + (line_height - height) / 2,
                                                           natural, height }, -1);
              x += natural + CLAUSE_SPACING;
            }
        }

      if (line_height > 0)
        y += line_height + CLAUSE_SPACING;
      line_start = line_end;
    }

  return MAX (0, y - CLAUSE_SPACING);
}

static void
bs_query_clause_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = clause_flow (widget, for_size >= 0 ? for_size : G_MAXINT / 2, FALSE);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum, child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural += child_natural + (*natural > 0 ? CLAUSE_SPACING : 0);
    }
}

static GtkSizeRequestMode
bs_query_clause_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bs_query_clause_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  clause_flow (widget, width, TRUE);
}

static void
bs_query_clause_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bs_query_clause_parent_class)->dispose (object);
}

static void
bs_query_clause_class_init (BsQueryClauseClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bs_query_clause_dispose;
  widget_class->measure = bs_query_clause_measure;
  widget_class->size_allocate = bs_query_clause_size_allocate;
  widget_class->get_request_mode = bs_query_clause_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "queryclause");
}

static void
bs_query_clause_init (BsQueryClause *self)
{
}

GtkWidget *
bs_query_clause_new (void)
{
  return g_object_new (BS_TYPE_QUERY_CLAUSE, NULL);
}

void
bs_query_clause_append (BsQueryClause *self,
                        GtkWidget     *child)
{
  g_return_if_fail (BS_IS_QUERY_CLAUSE (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
