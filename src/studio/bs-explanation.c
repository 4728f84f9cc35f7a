#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-explanation.h"

struct _BsExplanation
{
  GtkWidget           parent_instance;

  GtkWidget          *stack;
  GtkWidget          *line_label;
  GtkWidget          *steps_box;
  GtkWidget          *heading_label;
  GPtrArray          *step_rows;

  char               *line;
  GStrv               steps;
  BsProfileVerbosity  verbosity;
};

G_DEFINE_FINAL_TYPE (BsExplanation, bs_explanation, GTK_TYPE_WIDGET)

static void
bs_explanation_dispose (GObject *object)
{
  BsExplanation *self = BS_EXPLANATION (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_explanation_parent_class)->dispose (object);
}

static void
bs_explanation_finalize (GObject *object)
{
  BsExplanation *self = BS_EXPLANATION (object);

  g_clear_pointer (&self->line, g_free);
  g_clear_pointer (&self->steps, g_strfreev);

  G_OBJECT_CLASS (bs_explanation_parent_class)->finalize (object);
}

static void
bs_explanation_class_init (BsExplanationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_explanation_dispose;
  object_class->finalize = bs_explanation_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "explanation");
}

static GtkWidget *
wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);

  return label;
}

static void
bs_explanation_init (BsExplanation *self)
{
  self->verbosity = BS_PROFILE_VERBOSITY_BALANCED;
  self->step_rows = g_ptr_array_new ();

  self->stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  self->line_label = wrapped_label (NULL);
  gtk_widget_add_css_class (self->line_label, "dim-label");
  gtk_stack_add_named (GTK_STACK (self->stack), self->line_label, "line");

  self->steps_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (self->steps_box, "card");
  gtk_widget_add_css_class (self->steps_box, "explanation-steps");
  self->heading_label = wrapped_label (NULL);
  gtk_widget_add_css_class (self->heading_label, "heading");
  gtk_box_append (GTK_BOX (self->steps_box), self->heading_label);
  gtk_stack_add_named (GTK_STACK (self->stack), self->steps_box, "steps");
}

GtkWidget *
bs_explanation_new (void)
{
  return g_object_new (BS_TYPE_EXPLANATION, NULL);
}

static void
update (BsExplanation *self)
{
  gboolean has_steps = self->steps != NULL && self->steps[0] != NULL;

  switch (self->verbosity)
    {
    case BS_PROFILE_VERBOSITY_STEP_BY_STEP:
      gtk_widget_set_visible (GTK_WIDGET (self), has_steps);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "steps");
      break;

    case BS_PROFILE_VERBOSITY_BALANCED:
      gtk_widget_set_visible (GTK_WIDGET (self), self->line != NULL);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "line");
      break;

    case BS_PROFILE_VERBOSITY_MINIMAL:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      break;
    }
}

static GtkWidget *
step_row (guint       number,
          const char *text)
{
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *badge = gtk_label_new (number_text);
  GtkWidget *label = wrapped_label (text);

  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_add_css_class (badge, "step-number");
  gtk_widget_add_css_class (badge, "numeric");
  /* Without it a wrapping label in a row settles on a width of its own and breaks lines
   * early. */
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), label);

  return row;
}

void
bs_explanation_set_texts (BsExplanation      *self,
                          const char         *line,
                          const char         *heading,
                          const char * const *steps)
{
  g_return_if_fail (BS_IS_EXPLANATION (self));

  g_free (self->line);
  self->line = g_strdup (line);
  g_strfreev (self->steps);
  self->steps = g_strdupv ((char **) steps);

  gtk_label_set_label (GTK_LABEL (self->line_label), line);
  gtk_label_set_label (GTK_LABEL (self->heading_label), heading);
  for (guint i = 0; i < self->step_rows->len; i++)
    gtk_box_remove (GTK_BOX (self->steps_box), g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      GtkWidget *row = step_row (i + 1, steps[i]);

      gtk_box_append (GTK_BOX (self->steps_box), row);
      g_ptr_array_add (self->step_rows, row);
    }

  update (self);
}

void
bs_explanation_set_verbosity (BsExplanation      *self,
                              BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_EXPLANATION (self));

  self->verbosity = verbosity;
  update (self);
}

BsProfileVerbosity
bs_explanation_get_verbosity (BsExplanation *self)
{
  g_return_val_if_fail (BS_IS_EXPLANATION (self), BS_PROFILE_VERBOSITY_BALANCED);

  return self->verbosity;
}

char *
bs_explanation_dup_text (BsExplanation *self)
{
  g_return_val_if_fail (BS_IS_EXPLANATION (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  if (self->verbosity == BS_PROFILE_VERBOSITY_BALANCED)
    return g_strdup (self->line);

  return g_strjoinv ("\n", self->steps);
}
