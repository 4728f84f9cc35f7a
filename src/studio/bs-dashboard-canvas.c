#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-dashboard-canvas-private.h"
#include "bs-panel-type.h"

#define CARD_RADIUS      12.0
#define OUTLINE_WIDTH    2.0
#define OUTLINE_OFFSET   3.0
#define MIN_WIDTH        120
#define NATURAL_WIDTH    960

enum
{
  PROP_0,
  PROP_EDITABLE,
  PROP_SELECTED,
  N_PROPS
};

enum
{
  SIGNAL_EDITED,
  SIGNAL_PANEL_ADDED,
  SIGNAL_PANEL_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDashboardCanvas, bs_dashboard_canvas, GTK_TYPE_WIDGET)

static void
slot_free (gpointer data)
{
  BsCanvasSlot *slot = data;

  if (slot == NULL)
    return;
  g_clear_pointer (&slot->widget, gtk_widget_unparent);
  g_free (slot);
}

/* Without panel functions: a card with the title in the handle and the type under it. */
static GtkWidget *
default_panel_new (const BsDashboardPanel *panel)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *type = gtk_label_new (NULL);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (title, -1, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT);
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_end (title, 12);
  gtk_widget_set_margin_top (title, 4);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_ellipsize (GTK_LABEL (type), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (type, 12);
  gtk_widget_set_margin_end (type, 12);
  gtk_widget_set_vexpand (type, TRUE);
  gtk_widget_add_css_class (type, "dim-label");
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), type);
  g_object_set_data (G_OBJECT (card), "bs-title", title);
  g_object_set_data (G_OBJECT (card), "bs-type", type);
  return card;
}

static void
default_panel_update (GtkWidget              *card,
                      const BsDashboardPanel *panel)
{
  const BsPanelTypeInfo *info = bs_panel_type_lookup (panel->type);

  gtk_label_set_text (g_object_get_data (G_OBJECT (card), "bs-title"), panel->title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (card), "bs-type"),
                      info != NULL ? _(info->name) : panel->type);
}

static BsDashboardPanel *
find_top_level (BsDashboardCanvas *self,
                gint64             id,
                guint             *index)
{
  if (self->dashboard == NULL)
    return NULL;
  for (guint i = 0; i < self->dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (self->dashboard->panels, i);

      if (panel->id == id)
        {
          if (index != NULL)
            *index = i;
          return panel;
        }
    }
  return NULL;
}

static void
toggle_row (BsDashboardCanvas *self,
            gint64             id)
{
  BsDashboardPanel *row = find_top_level (self, id, NULL);
  g_autofree char *label = NULL;
  const char *name;
  gboolean collapse;

  if (row == NULL || !bs_dashboard_panel_is_row (row))
    return;
  bs_dashboard_canvas_cancel_drag (self);
  collapse = !row->collapsed;
  name = bs_dashboard_canvas_panel_name (self, id);
  label = collapse ? g_strdup_printf (_("Collapse “%s”"), name)
                   : g_strdup_printf (_("Expand “%s”"), name);
  bs_dashboard_set_row_collapsed (self->dashboard, row, collapse);
  bs_dashboard_canvas_commit (self, NULL, label);
}

static void
on_row_clicked (GtkButton         *button,
                BsDashboardCanvas *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "bs-panel-id");

  toggle_row (self, *id);
}

static GtkWidget *
row_header_new (BsDashboardCanvas *self,
                gint64             id)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *arrow = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "dashboard-row");
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), count);
  gtk_button_set_child (GTK_BUTTON (button), box);
  g_object_set_data (G_OBJECT (button), "bs-arrow", arrow);
  g_object_set_data (G_OBJECT (button), "bs-title", title);
  g_object_set_data (G_OBJECT (button), "bs-count", count);
  g_object_set_data_full (G_OBJECT (button), "bs-panel-id", stored, g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_clicked), self);
  return button;
}

static void
row_header_update (GtkWidget              *button,
                   const BsDashboardPanel *row)
{
  GtkLabel *count = g_object_get_data (G_OBJECT (button), "bs-count");
  g_autofree char *text = NULL;

  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (button), "bs-arrow"),
                                row->collapsed ? "pan-end-symbolic" : "pan-down-symbolic");
  gtk_label_set_text (g_object_get_data (G_OBJECT (button), "bs-title"),
                      *row->title != '\0' ? row->title : _("Row"));
  if (row->collapsed)
    text = g_strdup_printf (ngettext ("(%u panel)", "(%u panels)", row->panels->len),
                            row->panels->len);
  gtk_label_set_text (count, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (count), text != NULL);
  gtk_widget_set_tooltip_text (button, row->collapsed ? _("Show the panels of this row")
                                                      : _("Fold the panels of this row away"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, !row->collapsed,
                               -1);
}

static void
update_accessible_label (BsCanvasSlot           *slot,
                         const BsDashboardPanel *panel)
{
  g_autofree char *label = NULL;
  const char *title = *panel->title != '\0' ? panel->title : _("Untitled");

  if (slot->is_row)
    label = g_strdup_printf (_("Row “%s”"), title);
  else
    /* TRANSLATORS: e.g. Panel “Revenue”, columns 1–12, rows 1–8 */
    label = g_strdup_printf (_("Panel “%s”, columns %d–%d, rows %d–%d"), title,
                             panel->x + 1, panel->x + panel->w, panel->y + 1, panel->y + panel->h);
  gtk_accessible_update_property (GTK_ACCESSIBLE (slot->widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
make_widget (BsDashboardCanvas      *self,
             BsCanvasSlot           *slot,
             const BsDashboardPanel *panel)
{
  GtkWidget *content;

  if (slot->is_row)
    {
      slot->widget = slot->content = row_header_new (self, panel->id);
      return;
    }
  if (self->create != NULL)
    content = self->create (self, panel, self->funcs_data);
  else
    content = default_panel_new (panel);
  g_return_if_fail (GTK_IS_WIDGET (content));
  slot->content = content;
  slot->widget = bs_dashboard_canvas_item_new (content);
}

static void
update_widget (BsDashboardCanvas      *self,
               BsCanvasSlot           *slot,
               const BsDashboardPanel *panel,
               gboolean                created)
{
  if (slot->is_row)
    row_header_update (slot->widget, panel);
  else if (self->create == NULL)
    default_panel_update (slot->content, panel);
  else if (!created && self->update != NULL)
    self->update (self, slot->content, panel, self->funcs_data);
  update_accessible_label (slot, panel);
}

static BsCanvasSlot *
steal_slot (GPtrArray *old,
            gint64     id,
            guint      occurrence,
            gboolean   is_row)
{
  for (guint i = 0; i < old->len; i++)
    {
      BsCanvasSlot *slot = g_ptr_array_index (old, i);

      if (slot != NULL && slot->id == id && slot->occurrence == occurrence
          && slot->is_row == is_row)
        {
          old->pdata[i] = NULL;
          return slot;
        }
    }
  return NULL;
}

static guint
count_id (GPtrArray *slots,
          gint64     id)
{
  guint count = 0;

  for (guint i = 0; i < slots->len; i++)
    count += ((BsCanvasSlot *) g_ptr_array_index (slots, i))->id == id;
  return count;
}

/* One slot per top-level panel, keeping the widgets of the panels still there (by id) so
 * that an undo or a move does not rebuild them. */
static void
sync_slots (BsDashboardCanvas *self,
            gboolean           update_existing)
{
  g_autoptr(GPtrArray) old = self->slots;
  GPtrArray *panels = self->dashboard != NULL ? self->dashboard->panels : NULL;

  self->slots = g_ptr_array_new_with_free_func (slot_free);
  for (guint i = 0; panels != NULL && i < panels->len; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (panels, i);
      gboolean is_row = bs_dashboard_panel_is_row (panel);
      guint occurrence = count_id (self->slots, panel->id);
      BsCanvasSlot *slot = steal_slot (old, panel->id, occurrence, is_row);
      gboolean created = slot == NULL;

      if (created)
        {
          slot = g_new0 (BsCanvasSlot, 1);
          slot->id = panel->id;
          slot->occurrence = occurrence;
          slot->is_row = is_row;
          make_widget (self, slot, panel);
          if (slot->widget == NULL)
            slot->widget = slot->content = gtk_label_new (panel->title);
        }
      /* In layout order, for the order in which the panels are drawn and read out. */
      if (gtk_widget_get_parent (slot->widget) == GTK_WIDGET (self))
        gtk_widget_insert_before (slot->widget, GTK_WIDGET (self), NULL);
      else
        gtk_widget_set_parent (slot->widget, GTK_WIDGET (self));
      if (created || update_existing || is_row)
        update_widget (self, slot, panel, created);
      else
        update_accessible_label (slot, panel);
      g_ptr_array_add (self->slots, slot);
    }

  g_clear_pointer (&self->items, g_free);
  self->n_items = 0;
  if (self->dashboard != NULL)
    self->items = bs_dashboard_get_grid_items (self->dashboard, &self->n_items);
  self->shown_rows = bs_grid_layout_bottom (self->items, self->n_items);
  if (self->selected != 0 && bs_dashboard_canvas_find_slot (self, self->selected) < 0)
    {
      self->selected = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gssize
bs_dashboard_canvas_find_slot (BsDashboardCanvas *self,
                               gint64             id)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (((BsCanvasSlot *) g_ptr_array_index (self->slots, i))->id == id)
      return i;
  return -1;
}

gssize
bs_dashboard_canvas_find_widget (BsDashboardCanvas *self,
                                 GtkWidget         *widget)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (((BsCanvasSlot *) g_ptr_array_index (self->slots, i))->widget == widget)
      return i;
  return -1;
}

gssize
bs_dashboard_canvas_slot_at (BsDashboardCanvas *self,
                             double             x,
                             double             y)
{
  for (guint i = self->slots->len; i > 0; i--)
    {
      BsCanvasSlot *slot = g_ptr_array_index (self->slots, i - 1);

      if (!slot->is_row
          && graphene_rect_contains_point (&slot->bounds, &GRAPHENE_POINT_INIT (x, y)))
        return i - 1;
    }
  return -1;
}

/* Unallocated (0) is not narrow: the grid is what the canvas asks room for. */
static gboolean
narrow_at (int width)
{
  return width > 0 && width < BS_DASHBOARD_CANVAS_NARROW_WIDTH;
}

gboolean
bs_dashboard_canvas_is_narrow (BsDashboardCanvas *self)
{
  return narrow_at (gtk_widget_get_width (GTK_WIDGET (self)));
}

static double
column_width_for (int width)
{
  return MAX (1.0, (width - BS_DASHBOARD_CANVAS_GAP * (BS_GRID_COLUMNS - 1.0)) / BS_GRID_COLUMNS);
}

static double
rows_height (int rows)
{
  return rows > 0 ? rows * (double) BS_DASHBOARD_CANVAS_ROW_HEIGHT
                    + (rows - 1) * (double) BS_DASHBOARD_CANVAS_GAP
                  : 0.0;
}

void
bs_dashboard_canvas_cell_rect (BsDashboardCanvas *self,
                               const BsGridItem  *item,
                               graphene_rect_t   *rect)
{
  double column = column_width_for (gtk_widget_get_width (GTK_WIDGET (self)));

  graphene_rect_init (rect,
                      item->x * (column + BS_DASHBOARD_CANVAS_GAP),
                      item->y * (double) (BS_DASHBOARD_CANVAS_ROW_HEIGHT + BS_DASHBOARD_CANVAS_GAP),
                      item->w * column + (item->w - 1) * (double) BS_DASHBOARD_CANVAS_GAP,
                      rows_height (item->h));
}

/* The items as they are drawn: where a drag would put them, or where they are. */
static const BsGridItem *
shown_items (BsDashboardCanvas *self)
{
  return self->preview != NULL ? self->preview : self->items;
}

static int
compare_layout_order (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const BsGridItem *items = user_data;
  const BsGridItem *ia = &items[*(const guint *) a];
  const BsGridItem *ib = &items[*(const guint *) b];

  if (ia->y != ib->y)
    return ia->y < ib->y ? -1 : 1;
  if (ia->x != ib->x)
    return ia->x < ib->x ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* Grafana's small-screen layout: full width, stacked in the order of the grid. */
static double
narrow_layout (BsDashboardCanvas *self,
               int                width,
               graphene_rect_t   *rects)
{
  const BsGridItem *items = self->items;
  g_autofree guint *order = g_new (guint, MAX (self->n_items, 1));
  double y = 0;

  for (guint i = 0; i < self->n_items; i++)
    order[i] = i;
  g_qsort_with_data (order, (int) self->n_items, sizeof (guint), compare_layout_order,
                     (gpointer) items);
  for (guint k = 0; k < self->n_items; k++)
    {
      double height = rows_height (items[order[k]].h);

      if (rects != NULL)
        graphene_rect_init (&rects[order[k]], 0, y, width, height);
      y += height + BS_DASHBOARD_CANVAS_GAP;
    }
  return MAX (0.0, y - BS_DASHBOARD_CANVAS_GAP);
}

static int
content_height (BsDashboardCanvas *self,
                int                width)
{
  int rows;

  if (narrow_at (width))
    return (int) ceil (narrow_layout (self, width, NULL));
  rows = bs_grid_layout_bottom (shown_items (self),
                                self->preview != NULL ? self->n_preview : self->n_items);
  return (int) ceil (rows_height (rows));
}

static GtkSizeRequestMode
bs_dashboard_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bs_dashboard_canvas_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
      return;
    }
  *minimum = *natural = content_height (self, for_size >= 0 ? for_size : NATURAL_WIDTH);
}

/* Children get at least their minimum size (and are clipped to their cell when drawn), so
 * that a small cell never makes GTK complain or a panel lay itself out wrongly. */
static void
allocate_child (GtkWidget             *child,
                const graphene_rect_t *rect)
{
  int min_width, min_height;
  int width = (int) round (rect->size.width);
  int height;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  width = MAX (width, min_width);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
  height = MAX ((int) round (rect->size.height), min_height);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { (int) round (rect->origin.x),
                                               (int) round (rect->origin.y), width, height },
                            -1);
}

gboolean
bs_dashboard_canvas_dragging_panel (BsDashboardCanvas *self)
{
  return self->drag_mode == BS_CANVAS_DRAG_MOVE || self->drag_mode == BS_CANVAS_DRAG_RESIZE;
}

static void
bs_dashboard_canvas_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (widget);
  const BsGridItem *items = shown_items (self);
  g_autofree graphene_rect_t *narrow = NULL;

  if (width < BS_DASHBOARD_CANVAS_NARROW_WIDTH)
    {
      narrow = g_new0 (graphene_rect_t, MAX (self->n_items, 1));
      narrow_layout (self, width, narrow);
    }
  for (guint i = 0; i < self->slots->len && i < self->n_items; i++)
    {
      BsCanvasSlot *slot = g_ptr_array_index (self->slots, i);

      if (narrow != NULL)
        slot->bounds = narrow[i];
      else if (bs_dashboard_canvas_dragging_panel (self) && i == self->drag_index)
        slot->bounds = self->drag_rect;
      else
        bs_dashboard_canvas_cell_rect (self, &items[i], &slot->bounds);
      allocate_child (slot->widget, &slot->bounds);
    }
}

static void
lookup_colors (BsDashboardCanvas *self,
               GdkRGBA           *accent,
               GdkRGBA           *foreground)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static void
append_rounded_border (GtkSnapshot           *snapshot,
                       const graphene_rect_t *rect,
                       double                 radius,
                       double                 width,
                       const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

/* Where the dragged or dropped panel will land: a tinted, rounded cell in the accent. */
static void
snapshot_landing_cell (BsDashboardCanvas *self,
                       GtkSnapshot       *snapshot,
                       const GdkRGBA     *accent)
{
  graphene_rect_t rect;
  GskRoundedRect rounded;
  GdkRGBA fill = *accent;
  GdkRGBA edge = *accent;

  if (self->preview == NULL || self->drag_index >= self->n_preview
      || bs_dashboard_canvas_is_narrow (self))
    return;
  bs_dashboard_canvas_cell_rect (self, &self->preview[self->drag_index], &rect);
  fill.alpha = 0.18f;
  edge.alpha = 0.7f;
  gsk_rounded_rect_init_from_rect (&rounded, &rect, CARD_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &fill, &rect);
  gtk_snapshot_pop (snapshot);
  append_rounded_border (snapshot, &rect, CARD_RADIUS, OUTLINE_WIDTH, &edge);
}

/* Two short diagonal strokes in the bottom-right corner: "drag me to resize". */
static void
snapshot_corner (GtkSnapshot           *snapshot,
                 const graphene_rect_t *bounds,
                 const GdkRGBA         *foreground)
{
  double size = BS_DASHBOARD_CANVAS_CORNER;
  double right = bounds->origin.x + bounds->size.width - 4;
  double bottom = bounds->origin.y + bounds->size.height - 4;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (right - size, bottom - size,
                                                                size, size));

  gdk_cairo_set_source_rgba (cr, foreground);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int k = 1; k <= 2; k++)
    {
      double d = k * 5.0;

      cairo_move_to (cr, right - d, bottom - 1);
      cairo_line_to (cr, right - 1, bottom - d);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
snapshot_slot (BsDashboardCanvas *self,
               GtkSnapshot       *snapshot,
               BsCanvasSlot      *slot)
{
  int width = gtk_widget_get_width (slot->widget);
  int height = gtk_widget_get_height (slot->widget);
  gboolean clip = width > slot->bounds.size.width + 0.5 || height > slot->bounds.size.height + 0.5;

  if (clip)
    gtk_snapshot_push_clip (snapshot, &slot->bounds);
  gtk_widget_snapshot_child (GTK_WIDGET (self), slot->widget, snapshot);
  if (clip)
    gtk_snapshot_pop (snapshot);
}

static void
snapshot_selection (BsDashboardCanvas *self,
                    GtkSnapshot       *snapshot,
                    BsCanvasSlot      *slot,
                    const GdkRGBA     *accent)
{
  graphene_rect_t outline;

  graphene_rect_inset_r (&slot->bounds, -OUTLINE_OFFSET, -OUTLINE_OFFSET, &outline);
  append_rounded_border (snapshot, &outline, CARD_RADIUS + OUTLINE_OFFSET, OUTLINE_WIDTH, accent);
}

static void
snapshot_dragged (BsDashboardCanvas *self,
                  GtkSnapshot       *snapshot,
                  BsCanvasSlot      *slot)
{
  GskRoundedRect rounded;
  const GdkRGBA shadow = { 0, 0, 0, 0.25f };

  /* Lifted above the others while it follows the pointer. */
  gsk_rounded_rect_init_from_rect (&rounded, &slot->bounds, CARD_RADIUS);
  gtk_snapshot_append_outset_shadow (snapshot, &rounded, &shadow, 0, 4, 0, 10);
  snapshot_slot (self, snapshot, slot);
}

static void
bs_dashboard_canvas_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (widget);
  gboolean pointer_editing = self->editable && !bs_dashboard_canvas_is_narrow (self);
  BsCanvasSlot *dragged = NULL;
  GdkRGBA accent, foreground;

  lookup_colors (self, &accent, &foreground);
  foreground.alpha *= 0.55f;
  for (guint i = 0; i < self->slots->len; i++)
    {
      BsCanvasSlot *slot = g_ptr_array_index (self->slots, i);

      if (bs_dashboard_canvas_dragging_panel (self) && i == self->drag_index)
        dragged = slot;
      else
        snapshot_slot (self, snapshot, slot);
    }
  snapshot_landing_cell (self, snapshot, &accent);
  for (guint i = 0; i < self->slots->len; i++)
    {
      BsCanvasSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot->is_row || slot == dragged)
        continue;
      if (slot->id == self->selected)
        snapshot_selection (self, snapshot, slot, &accent);
      if (pointer_editing && (slot->id == self->selected || slot->id == self->hovered))
        snapshot_corner (snapshot, &slot->bounds, &foreground);
    }
  if (dragged != NULL)
    {
      snapshot_dragged (self, snapshot, dragged);
      snapshot_corner (snapshot, &dragged->bounds, &foreground);
    }
}

static void
bs_dashboard_canvas_set_focus_child (GtkWidget *widget,
                                     GtkWidget *child)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (widget);
  gssize index;

  GTK_WIDGET_CLASS (bs_dashboard_canvas_parent_class)->set_focus_child (widget, child);

  /* The selection stays when the focus leaves the canvas (for the panel editor beside it)
   * and follows it from panel to panel. */
  if (child == NULL || (index = bs_dashboard_canvas_find_widget (self, child)) < 0)
    return;
  if (((BsCanvasSlot *) g_ptr_array_index (self->slots, index))->id == self->selected)
    return;
  self->selected = ((BsCanvasSlot *) g_ptr_array_index (self->slots, index))->id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (widget);
}

static void
clear_funcs (BsDashboardCanvas *self)
{
  if (self->funcs_destroy != NULL)
    self->funcs_destroy (self->funcs_data);
  self->create = NULL;
  self->update = NULL;
  self->funcs_data = NULL;
  self->funcs_destroy = NULL;
}

static void
bs_dashboard_canvas_dispose (GObject *object)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (object);

  bs_dashboard_canvas_cancel_drag (self);
  if (self->slots != NULL)
    g_ptr_array_set_size (self->slots, 0);
  self->dashboard = NULL;
  clear_funcs (self);

  G_OBJECT_CLASS (bs_dashboard_canvas_parent_class)->dispose (object);
}

static void
bs_dashboard_canvas_finalize (GObject *object)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_free);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (bs_dashboard_canvas_parent_class)->finalize (object);
}

static void
bs_dashboard_canvas_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_SELECTED:
      g_value_set_int64 (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_dashboard_canvas_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      bs_dashboard_canvas_set_editable (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED:
      bs_dashboard_canvas_select_panel (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_dashboard_canvas_class_init (BsDashboardCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboard_canvas_dispose;
  object_class->finalize = bs_dashboard_canvas_finalize;
  object_class->get_property = bs_dashboard_canvas_get_property;
  object_class->set_property = bs_dashboard_canvas_set_property;

  widget_class->get_request_mode = bs_dashboard_canvas_get_request_mode;
  widget_class->measure = bs_dashboard_canvas_measure;
  widget_class->size_allocate = bs_dashboard_canvas_size_allocate;
  widget_class->snapshot = bs_dashboard_canvas_snapshot;
  widget_class->set_focus_child = bs_dashboard_canvas_set_focus_child;

  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int64 ("selected", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_PANEL_ADDED] =
    g_signal_new ("panel-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_PANEL_ACTIVATED] =
    g_signal_new ("panel-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "dashboardcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_dashboard_canvas_init (BsDashboardCanvas *self)
{
  self->editable = TRUE;
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_VISIBLE);
  bs_dashboard_canvas_init_input (self);
}

GtkWidget *
bs_dashboard_canvas_new (void)
{
  return g_object_new (BS_TYPE_DASHBOARD_CANVAS, NULL);
}

void
bs_dashboard_canvas_set_panel_funcs (BsDashboardCanvas           *self,
                                     BsDashboardCanvasCreateFunc  create,
                                     BsDashboardCanvasUpdateFunc  update,
                                     gpointer                     user_data,
                                     GDestroyNotify               destroy)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  bs_dashboard_canvas_cancel_drag (self);
  /* Every widget was made by the old functions: make them again. */
  g_ptr_array_set_size (self->slots, 0);
  clear_funcs (self);
  self->create = create;
  self->update = update;
  self->funcs_data = user_data;
  self->funcs_destroy = destroy;
  sync_slots (self, TRUE);
}

void
bs_dashboard_canvas_set_dashboard (BsDashboardCanvas *self,
                                   BsDashboard       *dashboard)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  bs_dashboard_canvas_cancel_drag (self);
  self->dashboard = dashboard;
  sync_slots (self, TRUE);
}

BsDashboard *
bs_dashboard_canvas_get_dashboard (BsDashboardCanvas *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), NULL);

  return self->dashboard;
}

void
bs_dashboard_canvas_set_editable (BsDashboardCanvas *self,
                                  gboolean           editable)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  bs_dashboard_canvas_cancel_drag (self);
  self->editable = editable;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
bs_dashboard_canvas_get_editable (BsDashboardCanvas *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), FALSE);

  return self->editable;
}

gint64
bs_dashboard_canvas_get_selected (BsDashboardCanvas *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), 0);

  return self->selected;
}

void
bs_dashboard_canvas_select_panel (BsDashboardCanvas *self,
                                  gint64             id)
{
  gssize index;

  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  index = id != 0 ? bs_dashboard_canvas_find_slot (self, id) : -1;
  if (index < 0)
    id = 0;
  if (index >= 0)
    gtk_widget_grab_focus (((BsCanvasSlot *) g_ptr_array_index (self->slots, index))->widget);
  if (self->selected == id)
    return;
  self->selected = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

GtkWidget *
bs_dashboard_canvas_get_panel_widget (BsDashboardCanvas *self,
                                      gint64             id)
{
  gssize index;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), NULL);

  index = bs_dashboard_canvas_find_slot (self, id);
  return index >= 0 ? ((BsCanvasSlot *) g_ptr_array_index (self->slots, index))->content : NULL;
}

static int
compare_panel_position (gconstpointer a,
                        gconstpointer b)
{
  const BsDashboardPanel *pa = *(BsDashboardPanel * const *) a;
  const BsDashboardPanel *pb = *(BsDashboardPanel * const *) b;

  if (pa->y != pb->y)
    return pa->y < pb->y ? -1 : 1;
  return pa->x < pb->x ? -1 : (pa->x > pb->x ? 1 : 0);
}

void
bs_dashboard_canvas_commit (BsDashboardCanvas *self,
                            const BsGridItem  *items,
                            const char        *label)
{
  GPtrArray *panels = self->dashboard->panels;

  /* By index, not id: imported dashboards may repeat an id. */
  for (guint i = 0; items != NULL && i < panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (panels, i);

      panel->x = items[i].x;
      panel->y = items[i].y;
      panel->w = items[i].w;
      panel->h = items[i].h;
    }
  /* Grafana's sortPanelsByGridPos: a panel belongs to the row above it on the grid, so the
   * document follows the layout (the merge sort keeps equal positions in order). */
  g_ptr_array_sort (panels, compare_panel_position);
  sync_slots (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_EDITED], 0, label);
}

const char *
bs_dashboard_canvas_panel_name (BsDashboardCanvas *self,
                                gint64             id)
{
  const BsDashboardPanel *panel = bs_dashboard_find_panel (self->dashboard, id);
  const BsPanelTypeInfo *info;
  const char *name = _("Untitled");

  if (panel != NULL && *panel->title != '\0')
    name = panel->title;
  else if (panel != NULL && (info = bs_panel_type_lookup (panel->type)) != NULL)
    name = _(info->name);
  return name;
}

char *
bs_dashboard_canvas_placement_label (BsDashboardCanvas *self,
                                     gint64             id,
                                     gboolean           resized)
{
  const char *name = bs_dashboard_canvas_panel_name (self, id);

  return resized ? g_strdup_printf (_("Resize “%s”"), name)
                 : g_strdup_printf (_("Move “%s”"), name);
}

const BsPanelTypeInfo *
bs_dashboard_canvas_addable_type (const char *type)
{
  const BsPanelTypeInfo *info = bs_panel_type_lookup (type);

  /* Not an old alias ("graph"): a person adds only the types the palette lists. */
  return info != NULL && g_str_equal (info->type, type) ? info : NULL;
}

/* Appends @panel (taken) with the next free id at @x, @y (x < 0: below the others); the
 * panels it overlaps move down, then all rise as far as they can. */
static gint64
insert_panel (BsDashboardCanvas *self,
              BsDashboardPanel  *panel,
              int                x,
              int                y)
{
  g_autofree BsGridItem *items = NULL;
  g_autofree char *label = NULL;
  gsize n_items;

  panel->id = bs_dashboard_next_panel_id (self->dashboard);
  g_ptr_array_add (self->dashboard->panels, panel);
  items = bs_dashboard_get_grid_items (self->dashboard, &n_items);
  if (x < 0)
    {
      x = 0;
      y = bs_grid_layout_bottom (items, n_items - 1);
    }
  bs_grid_layout_place (items, n_items, n_items - 1, x, y, panel->w, panel->h);
  label = g_strdup_printf (_("Add “%s”"), bs_dashboard_canvas_panel_name (self, panel->id));
  bs_dashboard_canvas_commit (self, items, label);
  return panel->id;
}

gint64
bs_dashboard_canvas_insert_panel (BsDashboardCanvas *self,
                                  BsDashboardPanel  *panel,
                                  int                x,
                                  int                y)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), 0);
  g_return_val_if_fail (panel != NULL, 0);

  if (!self->editable || self->dashboard == NULL)
    {
      bs_dashboard_panel_free (panel);
      return 0;
    }
  bs_dashboard_canvas_cancel_drag (self);
  return insert_panel (self, panel, x, y);
}

gint64
bs_dashboard_canvas_add_panel_at (BsDashboardCanvas *self,
                                  const char        *type,
                                  int                x,
                                  int                y)
{
  const BsPanelTypeInfo *info = bs_dashboard_canvas_addable_type (type);
  BsDashboardPanel *panel;
  gint64 id;

  if (info == NULL || self->dashboard == NULL)
    return 0;
  panel = bs_dashboard_panel_new (0, info->type, _(info->name));
  panel->w = info->default_w;
  panel->h = info->default_h;
  id = insert_panel (self, panel, x, y);
  g_signal_emit (self, signals[SIGNAL_PANEL_ADDED], 0, id);
  return id;
}

gint64
bs_dashboard_canvas_add_panel (BsDashboardCanvas *self,
                               const char        *type,
                               int                x,
                               int                y)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), 0);
  g_return_val_if_fail (type != NULL, 0);

  if (!self->editable)
    return 0;
  bs_dashboard_canvas_cancel_drag (self);
  return bs_dashboard_canvas_add_panel_at (self, type, x, y);
}

gboolean
bs_dashboard_canvas_items_equal (const BsGridItem *a,
                                 const BsGridItem *b,
                                 gsize             n_items)
{
  for (gsize i = 0; i < n_items; i++)
    if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].w != b[i].w || a[i].h != b[i].h)
      return FALSE;
  return TRUE;
}

gboolean
bs_dashboard_canvas_place_panel (BsDashboardCanvas *self,
                                 gint64             id,
                                 int                x,
                                 int                y,
                                 int                w,
                                 int                h)
{
  g_autofree BsGridItem *items = NULL;
  g_autofree char *label = NULL;
  BsDashboardPanel *panel;
  gsize n_items;
  guint index;
  gboolean resized;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), FALSE);

  if (!self->editable || (panel = find_top_level (self, id, &index)) == NULL)
    return FALSE;
  bs_dashboard_canvas_cancel_drag (self);
  resized = w != panel->w || h != panel->h;
  items = bs_dashboard_get_grid_items (self->dashboard, &n_items);
  bs_grid_layout_place (items, n_items, index, x, y, w, h);
  if (bs_dashboard_canvas_items_equal (items, self->items, n_items))
    return TRUE;
  label = bs_dashboard_canvas_placement_label (self, id, resized);
  bs_dashboard_canvas_commit (self, items, label);
  return TRUE;
}

static gboolean
remove_from_collapsed_row (BsDashboardCanvas *self,
                           gint64             id)
{
  for (guint i = 0; i < self->dashboard->panels->len; i++)
    {
      BsDashboardPanel *row = g_ptr_array_index (self->dashboard->panels, i);

      for (guint k = 0; k < row->panels->len; k++)
        if (((BsDashboardPanel *) g_ptr_array_index (row->panels, k))->id == id)
          {
            g_ptr_array_remove_index (row->panels, k);
            return TRUE;
          }
    }
  return FALSE;
}

gboolean
bs_dashboard_canvas_delete_panel (BsDashboardCanvas *self,
                                  gint64             id)
{
  g_autofree BsGridItem *items = NULL;
  g_autofree char *label = NULL;
  gsize n_items;
  guint index;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), FALSE);

  if (!self->editable || self->dashboard == NULL
      || bs_dashboard_find_panel (self->dashboard, id) == NULL)
    return FALSE;
  bs_dashboard_canvas_cancel_drag (self);
  label = g_strdup_printf (_("Delete “%s”"), bs_dashboard_canvas_panel_name (self, id));
  if (find_top_level (self, id, &index) != NULL)
    g_ptr_array_remove_index (self->dashboard->panels, index);
  else
    remove_from_collapsed_row (self, id);
  /* What was below rises into the space, as in Grafana. */
  items = bs_dashboard_get_grid_items (self->dashboard, &n_items);
  bs_grid_layout_compact (items, n_items);
  bs_dashboard_canvas_commit (self, items, label);
  return TRUE;
}

gint64
bs_dashboard_canvas_duplicate_panel (BsDashboardCanvas *self,
                                     gint64             id)
{
  g_autofree BsGridItem *items = NULL;
  g_autofree char *label = NULL;
  BsDashboardPanel *panel;
  BsDashboardPanel *copy;
  gsize n_items;
  guint index;
  int x, y;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), 0);

  if (!self->editable || (panel = find_top_level (self, id, &index)) == NULL
      || bs_dashboard_panel_is_row (panel))
    return 0;
  bs_dashboard_canvas_cancel_drag (self);
  copy = bs_dashboard_panel_copy (panel);
  copy->id = bs_dashboard_next_panel_id (self->dashboard);
  g_ptr_array_insert (self->dashboard->panels, index + 1, copy);
  /* Grafana's duplicate: beside it if it fits there, else under it. */
  x = panel->x + 2 * panel->w <= BS_GRID_COLUMNS ? panel->x + panel->w : panel->x;
  y = x != panel->x ? panel->y : panel->y + panel->h;
  items = bs_dashboard_get_grid_items (self->dashboard, &n_items);
  bs_grid_layout_place (items, n_items, index + 1, x, y, copy->w, copy->h);
  label = g_strdup_printf (_("Duplicate “%s”"), bs_dashboard_canvas_panel_name (self, id));
  bs_dashboard_canvas_commit (self, items, label);
  return copy->id;
}

gboolean
bs_dashboard_canvas_get_panel_bounds (BsDashboardCanvas *self,
                                      gint64             id,
                                      graphene_rect_t   *bounds)
{
  gssize index;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  index = bs_dashboard_canvas_find_slot (self, id);
  if (index < 0)
    return FALSE;
  *bounds = ((BsCanvasSlot *) g_ptr_array_index (self->slots, index))->bounds;
  return TRUE;
}

void
bs_dashboard_canvas_get_cell_size (BsDashboardCanvas *self,
                                   double            *column_width,
                                   double            *row_height)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  if (column_width != NULL)
    *column_width = column_width_for (gtk_widget_get_width (GTK_WIDGET (self)))
                    + BS_DASHBOARD_CANVAS_GAP;
  if (row_height != NULL)
    *row_height = BS_DASHBOARD_CANVAS_ROW_HEIGHT + BS_DASHBOARD_CANVAS_GAP;
}

void
bs_dashboard_canvas_emit_activated (BsDashboardCanvas *self,
                                    gint64             id)
{
  g_signal_emit (self, signals[SIGNAL_PANEL_ACTIVATED], 0, id);
}
