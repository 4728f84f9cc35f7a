#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-dashboard-canvas-private.h"

/* A drop from the palette before its value has arrived is shown at Grafana's default size. */
#define DROP_DEFAULT_W 12
#define DROP_DEFAULT_H 8
/* How close to the scrolled window's edge the pointer starts scrolling it, and how many
 * pixels a second it scrolls at the very edge (by time, not frames, so that it scrolls as
 * fast on a slow machine). */
#define AUTOSCROLL_EDGE  48.0
#define AUTOSCROLL_SPEED 1200.0

static BsCanvasSlot *
slot_at_index (BsDashboardCanvas *self,
               gsize              index)
{
  return g_ptr_array_index (self->slots, index);
}

static void
set_cursor (BsDashboardCanvas *self,
            const char        *name)
{
  if (g_strcmp0 (self->cursor, name) == 0)
    return;
  self->cursor = name;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static gboolean
pointer_editing (BsDashboardCanvas *self)
{
  return self->editable && self->dashboard != NULL && !bs_dashboard_canvas_is_narrow (self);
}

/* Grows the canvas when the preview reaches further down than it did, so that the
 * scrolled window beside it lets the panel go there; otherwise only places again. */
static void
queue_layout (BsDashboardCanvas *self)
{
  int rows = bs_grid_layout_bottom (self->preview != NULL ? self->preview : self->items,
                                    self->preview != NULL ? self->n_preview : self->n_items);

  if (rows != self->shown_rows)
    {
      self->shown_rows = rows;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  else
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_drag (BsDashboardCanvas *self)
{
  if (self->autoscroll_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->autoscroll_id);
  self->autoscroll_id = 0;
  self->autoscroll_time = 0;
  self->drag_mode = BS_CANVAS_DRAG_NONE;
  self->pending = -1;
  g_clear_pointer (&self->preview, g_free);
  self->n_preview = 0;
  set_cursor (self, NULL);
}

void
bs_dashboard_canvas_cancel_drag (BsDashboardCanvas *self)
{
  gboolean active = self->drag_mode != BS_CANVAS_DRAG_NONE;

  clear_drag (self);
  if (self->drag_gesture != NULL && active)
    gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
  if (active)
    queue_layout (self);
}

static void
drag_start (BsDashboardCanvas *self,
            gsize              index,
            BsCanvasDragMode   mode)
{
  BsCanvasSlot *slot = slot_at_index (self, index);

  self->drag_mode = mode;
  self->drag_index = index;
  self->drag_start_rect = slot->bounds;
  self->drag_rect = slot->bounds;
  self->preview = g_memdup2 (self->items, sizeof (BsGridItem) * MAX (self->n_items, 1));
  self->n_preview = self->n_items;
  self->target_x = self->items[index].x;
  self->target_y = self->items[index].y;
  self->target_w = self->items[index].w;
  self->target_h = self->items[index].h;
  bs_dashboard_canvas_select_panel (self, slot->id);
  set_cursor (self, mode == BS_CANVAS_DRAG_MOVE ? "grabbing" : "nwse-resize");
  queue_layout (self);
}

/* Places the preview again only when the cell asked for changes: a pointer motion inside
 * one cell just moves the dragged panel. */
static void
retarget (BsDashboardCanvas *self,
          int                x,
          int                y,
          int                w,
          int                h)
{
  gsize n_known = self->drag_mode == BS_CANVAS_DRAG_DROP ? self->n_items : self->n_preview;

  if (x == self->target_x && y == self->target_y && w == self->target_w && h == self->target_h)
    return;
  self->target_x = x;
  self->target_y = y;
  self->target_w = w;
  self->target_h = h;
  memcpy (self->preview, self->items, sizeof (BsGridItem) * n_known);
  bs_grid_layout_place (self->preview, self->n_preview, self->drag_index, x, y, w, h);
}

static void
drag_motion (BsDashboardCanvas *self,
             double             offset_x,
             double             offset_y)
{
  const BsGridItem *item = &self->items[self->drag_index];
  graphene_rect_t rect = self->drag_start_rect;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double column, row;

  bs_dashboard_canvas_get_cell_size (self, &column, &row);
  if (self->drag_mode == BS_CANVAS_DRAG_MOVE)
    {
      rect.origin.x = CLAMP (rect.origin.x + offset_x, 0, MAX (0, width - rect.size.width));
      rect.origin.y = MAX (0, rect.origin.y + offset_y);
      retarget (self, (int) round (rect.origin.x / column), (int) round (rect.origin.y / row),
                item->w, item->h);
    }
  else
    {
      rect.size.width = CLAMP (rect.size.width + offset_x, column - BS_DASHBOARD_CANVAS_GAP,
                               MAX (column, width - rect.origin.x));
      rect.size.height = MAX (row - BS_DASHBOARD_CANVAS_GAP, rect.size.height + offset_y);
      retarget (self, item->x, item->y,
                (int) round ((rect.size.width + BS_DASHBOARD_CANVAS_GAP) / column),
                (int) round ((rect.size.height + BS_DASHBOARD_CANVAS_GAP) / row));
    }
  self->drag_rect = rect;
  queue_layout (self);
}

static void
drag_finish (BsDashboardCanvas *self,
             gboolean           drop)
{
  g_autofree BsGridItem *preview = NULL;
  g_autofree char *label = NULL;
  gint64 id = slot_at_index (self, self->drag_index)->id;
  gboolean resize = self->drag_mode == BS_CANVAS_DRAG_RESIZE;

  if (!drop || bs_dashboard_canvas_items_equal (self->preview, self->items, self->n_items))
    {
      bs_dashboard_canvas_cancel_drag (self);
      return;
    }
  preview = g_steal_pointer (&self->preview);
  clear_drag (self);
  label = bs_dashboard_canvas_placement_label (self, id, resize);
  bs_dashboard_canvas_commit (self, preview, label);
}

gboolean
bs_dashboard_canvas_drag_begin (BsDashboardCanvas *self,
                                gint64             id,
                                double             x,
                                double             y)
{
  gssize index;

  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS (self), FALSE);

  if (!pointer_editing (self) || self->drag_mode != BS_CANVAS_DRAG_NONE)
    return FALSE;
  index = bs_dashboard_canvas_find_slot (self, id);
  if (index < 0 || slot_at_index (self, index)->is_row)
    return FALSE;
  drag_start (self, index, BS_CANVAS_DRAG_MOVE);
  return TRUE;
}

void
bs_dashboard_canvas_drag_update (BsDashboardCanvas *self,
                                 double             offset_x,
                                 double             offset_y)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  if (bs_dashboard_canvas_dragging_panel (self))
    drag_motion (self, offset_x, offset_y);
}

void
bs_dashboard_canvas_drag_end (BsDashboardCanvas *self,
                              gboolean           drop)
{
  g_return_if_fail (BS_IS_DASHBOARD_CANVAS (self));

  if (bs_dashboard_canvas_dragging_panel (self))
    drag_finish (self, drop);
}

static void drop_hover (BsDashboardCanvas *self,
                        double             x,
                        double             y);

/* How fast to scroll for the pointer at @y (the canvas's coordinates): negative up,
 * positive down, 0 away from the edges or outside a scrolled window. */
static GtkAdjustment *
autoscroll_speed (BsDashboardCanvas *self,
                  double             y,
                  double            *speed)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;
  double height;

  *speed = 0;
  if (scrolled == NULL
      || !gtk_widget_compute_point (GTK_WIDGET (self), scrolled, &GRAPHENE_POINT_INIT (0, y),
                                    &point))
    return NULL;
  height = gtk_widget_get_height (scrolled);
  if (point.y < AUTOSCROLL_EDGE)
    *speed = -AUTOSCROLL_SPEED * (AUTOSCROLL_EDGE - MAX (0, point.y)) / AUTOSCROLL_EDGE;
  else if (point.y > height - AUTOSCROLL_EDGE)
    *speed = AUTOSCROLL_SPEED * (MIN (height, point.y) - height + AUTOSCROLL_EDGE)
             / AUTOSCROLL_EDGE;
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
autoscroll_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  BsDashboardCanvas *self = BS_DASHBOARD_CANVAS (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double seconds = self->autoscroll_time != 0 ? (now - self->autoscroll_time) / 1e6 : 1 / 60.0;
  GtkAdjustment *adjustment;
  double speed, before;

  adjustment = autoscroll_speed (self, self->pointer_y + self->scrolled_since, &speed);
  if (self->drag_mode == BS_CANVAS_DRAG_NONE || adjustment == NULL || speed == 0)
    {
      self->autoscroll_id = 0;
      self->autoscroll_time = 0;
      return G_SOURCE_REMOVE;
    }
  self->autoscroll_time = now;
  before = gtk_adjustment_get_value (adjustment);
  gtk_adjustment_set_value (adjustment, before + speed * CLAMP (seconds, 0, 0.1));
  self->scrolled_since += gtk_adjustment_get_value (adjustment) - before;
  if (bs_dashboard_canvas_dragging_panel (self))
    drag_motion (self, self->offset_x, self->offset_y + self->scrolled_since);
  else
    drop_hover (self, self->pointer_x, self->pointer_y + self->scrolled_since);
  return G_SOURCE_CONTINUE;
}

static void
maybe_autoscroll (BsDashboardCanvas *self)
{
  double speed;

  if (self->autoscroll_id != 0)
    return;
  if (autoscroll_speed (self, self->pointer_y, &speed) != NULL && speed != 0)
    self->autoscroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), autoscroll_tick,
                                                        NULL, NULL);
}

/* Where a press resizes the panel (its corner) or moves it (its title bar, the handle);
 * the pointer's shape says which. */
static gboolean
in_corner (const graphene_rect_t *bounds,
           double                 x,
           double                 y)
{
  return x >= bounds->origin.x + bounds->size.width - BS_DASHBOARD_CANVAS_CORNER
         && y >= bounds->origin.y + bounds->size.height - BS_DASHBOARD_CANVAS_CORNER;
}

static gboolean
in_handle (const graphene_rect_t *bounds,
           double                 y)
{
  return y < bounds->origin.y + BS_DASHBOARD_CANVAS_HANDLE_HEIGHT;
}

/* The gesture: pressed in a handle, it waits for the drag threshold (so that the title
 * bar's menu button still gets its click); pressed in a corner, it resizes at once;
 * anywhere else, the panel's own widgets get the events. */
static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               BsDashboardCanvas *self)
{
  gssize index = -1;
  const graphene_rect_t *bounds;

  if (pointer_editing (self) && self->drag_mode == BS_CANVAS_DRAG_NONE)
    index = bs_dashboard_canvas_slot_at (self, x, y);
  if (index < 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  bounds = &slot_at_index (self, index)->bounds;
  if (in_corner (bounds, x, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      drag_start (self, index, BS_CANVAS_DRAG_RESIZE);
    }
  else if (in_handle (bounds, y))
    self->pending = index;
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                BsDashboardCanvas *self)
{
  double start_x = 0, start_y = 0;

  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
  if (self->pending >= 0 && self->drag_mode == BS_CANVAS_DRAG_NONE)
    {
      gssize index = self->pending;

      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) offset_x, (int) offset_y))
        return;
      self->pending = -1;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      drag_start (self, index, BS_CANVAS_DRAG_MOVE);
    }
  if (!bs_dashboard_canvas_dragging_panel (self))
    return;
  self->pointer_x = start_x + offset_x;
  self->pointer_y = start_y + offset_y;
  self->offset_x = offset_x;
  self->offset_y = offset_y;
  self->scrolled_since = 0;
  drag_motion (self, offset_x, offset_y);
  maybe_autoscroll (self);
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             BsDashboardCanvas *self)
{
  self->pending = -1;
  if (bs_dashboard_canvas_dragging_panel (self))
    drag_finish (self, TRUE);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                BsDashboardCanvas *self)
{
  self->pending = -1;
  if (bs_dashboard_canvas_dragging_panel (self))
    drag_finish (self, FALSE);
}

/* The size of what is being dropped, once the drop's value has arrived. */
static void
drop_size (BsDashboardCanvas *self,
           GtkDropTarget     *target,
           int               *w,
           int               *h,
           gboolean          *is_row)
{
  const GValue *value = gtk_drop_target_get_value (target);
  const BsPanelTypeInfo *info = NULL;

  if (value != NULL && G_VALUE_HOLDS_STRING (value))
    info = bs_dashboard_canvas_addable_type (g_value_get_string (value));
  *w = info != NULL ? info->default_w : DROP_DEFAULT_W;
  *h = info != NULL ? info->default_h : DROP_DEFAULT_H;
  *is_row = info != NULL && info->kind == BS_PANEL_KIND_ROW;
}

/* The cell under the pointer: the new panel's top-left corner goes there. */
static void
drop_cell (BsDashboardCanvas *self,
           double             x,
           double             y,
           int               *column,
           int               *row)
{
  double column_width, row_height;

  bs_dashboard_canvas_get_cell_size (self, &column_width, &row_height);
  *column = (int) floor (MAX (0, x) / column_width);
  *row = (int) floor (MAX (0, y) / row_height);
}

static void
drop_hover (BsDashboardCanvas *self,
            double             x,
            double             y)
{
  BsGridItem *item = &self->preview[self->drag_index];
  int column, row, w, h;
  gboolean is_row;

  drop_size (self, self->drop_target, &w, &h, &is_row);
  drop_cell (self, x, y, &column, &row);
  item->is_row = is_row;
  retarget (self, column, row, w, h);
  queue_layout (self);
}

static void
on_drop_leave (GtkDropTarget     *target,
               BsDashboardCanvas *self)
{
  if (self->drag_mode == BS_CANVAS_DRAG_DROP)
    bs_dashboard_canvas_cancel_drag (self);
}

static GdkDragAction
on_drop_motion (GtkDropTarget     *target,
                double             x,
                double             y,
                BsDashboardCanvas *self)
{
  const GValue *value = gtk_drop_target_get_value (target);

  if (!pointer_editing (self) || bs_dashboard_canvas_dragging_panel (self))
    return 0;
  /* Text dragged from elsewhere is a string too, but not a panel type. */
  if (value != NULL
      && (!G_VALUE_HOLDS_STRING (value)
          || bs_dashboard_canvas_addable_type (g_value_get_string (value)) == NULL))
    {
      on_drop_leave (target, self);
      return 0;
    }
  if (self->drag_mode != BS_CANVAS_DRAG_DROP)
    {
      self->drag_mode = BS_CANVAS_DRAG_DROP;
      self->n_preview = self->n_items + 1;
      self->preview = g_new0 (BsGridItem, self->n_preview);
      self->drag_index = self->n_items;
      self->target_w = self->target_h = 0;
    }
  self->pointer_x = x;
  self->pointer_y = y;
  self->scrolled_since = 0;
  drop_hover (self, x, y);
  maybe_autoscroll (self);
  return GDK_ACTION_COPY;
}

static gboolean
on_drop (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         BsDashboardCanvas *self)
{
  int column, row;
  gint64 id;

  if (self->drag_mode == BS_CANVAS_DRAG_DROP)
    bs_dashboard_canvas_cancel_drag (self);
  if (!pointer_editing (self) || !G_VALUE_HOLDS_STRING (value))
    return FALSE;
  drop_cell (self, x, y, &column, &row);
  id = bs_dashboard_canvas_add_panel_at (self, g_value_get_string (value), column, row);
  if (id == 0)
    return FALSE;
  bs_dashboard_canvas_select_panel (self, id);
  return TRUE;
}

static void
on_pressed (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            BsDashboardCanvas *self)
{
  gssize index = bs_dashboard_canvas_slot_at (self, x, y);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  BsCanvasSlot *slot;

  if (index < 0)
    return;
  slot = slot_at_index (self, index);
  /* Selected, but the press goes on to the widget under it, which may take the focus. */
  if (focus == NULL || (focus != slot->widget && !gtk_widget_is_ancestor (focus, slot->widget)))
    bs_dashboard_canvas_select_panel (self, slot->id);
  if (n_press == 2)
    bs_dashboard_canvas_emit_activated (self, slot->id);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           BsDashboardCanvas        *self)
{
  gssize index = bs_dashboard_canvas_slot_at (self, x, y);
  gint64 hovered = index >= 0 ? slot_at_index (self, index)->id : 0;
  const char *cursor = NULL;

  if (self->drag_mode != BS_CANVAS_DRAG_NONE)
    return;
  if (hovered != self->hovered)
    {
      self->hovered = hovered;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (index >= 0 && pointer_editing (self))
    {
      const graphene_rect_t *bounds = &slot_at_index (self, index)->bounds;

      if (in_corner (bounds, x, y))
        cursor = "nwse-resize";
      else if (in_handle (bounds, y))
        cursor = "grab";
    }
  set_cursor (self, cursor);
}

static void
on_leave (GtkEventControllerMotion *controller,
          BsDashboardCanvas        *self)
{
  if (self->drag_mode != BS_CANVAS_DRAG_NONE)
    return;
  self->hovered = 0;
  set_cursor (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Down moves a panel past the one under it: one row lower would float back up. */
static void
move_down (BsDashboardCanvas *self,
           gsize              index)
{
  const BsGridItem *item = &self->items[index];
  int bottom = bs_grid_layout_bottom (self->items, self->n_items);
  g_autofree BsGridItem *trial = g_new (BsGridItem, MAX (self->n_items, 1));

  for (int step = 1; item->y + step <= bottom; step++)
    {
      memcpy (trial, self->items, sizeof (BsGridItem) * self->n_items);
      bs_grid_layout_place (trial, self->n_items, index, item->x, item->y + step, item->w,
                            item->h);
      if (trial[index].y != item->y)
        {
          bs_dashboard_canvas_place_panel (self, item->id, item->x, item->y + step, item->w,
                                           item->h);
          return;
        }
    }
}

static void
move_by_keys (BsDashboardCanvas *self,
              gsize              index,
              guint              keyval,
              gboolean           resize)
{
  BsGridItem item = self->items[index];
  int dx = 0, dy = 0;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dx = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dx = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dy = -1; break;
    default: dy = 1; break;
    }
  if (resize)
    bs_dashboard_canvas_place_panel (self, item.id, item.x, item.y, MAX (1, item.w + dx),
                                     MAX (1, item.h + dy));
  else if (dy > 0)
    move_down (self, index);
  else if (item.x + dx >= 0 && item.x + item.w + dx <= BS_GRID_COLUMNS)
    bs_dashboard_canvas_place_panel (self, item.id, item.x + dx, MAX (0, item.y + dy), item.w,
                                     item.h);
}

/* After a delete, the focus goes to the panel that took its place in the layout. */
static void
delete_by_keys (BsDashboardCanvas *self,
                gsize              index)
{
  gint64 id = slot_at_index (self, index)->id;

  if (!bs_dashboard_canvas_delete_panel (self, id))
    return;
  if (self->slots->len == 0)
    return;
  index = MIN (index, self->slots->len - 1);
  bs_dashboard_canvas_select_panel (self, slot_at_index (self, index)->id);
}

static gboolean
is_arrow (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BsDashboardCanvas     *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GdkModifierType modifiers = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK);
  gssize index = focus != NULL ? bs_dashboard_canvas_find_widget (self, focus) : -1;
  BsCanvasSlot *slot;

  if (keyval == GDK_KEY_Escape && bs_dashboard_canvas_dragging_panel (self))
    {
      bs_dashboard_canvas_cancel_drag (self);
      return TRUE;
    }
  /* Only on the panel itself: inside it, a table or a menu has its own keys. */
  if (index < 0 || self->drag_mode != BS_CANVAS_DRAG_NONE)
    return FALSE;
  slot = slot_at_index (self, index);
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && modifiers == 0 && !slot->is_row)
    {
      bs_dashboard_canvas_emit_activated (self, slot->id);
      return TRUE;
    }
  if (!self->editable)
    return FALSE;
  if ((keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) && modifiers == 0)
    delete_by_keys (self, index);
  else if ((keyval == GDK_KEY_d || keyval == GDK_KEY_D) && modifiers == GDK_CONTROL_MASK)
    {
      gint64 id = bs_dashboard_canvas_duplicate_panel (self, slot->id);

      if (id != 0)
        bs_dashboard_canvas_select_panel (self, id);
    }
  else if (is_arrow (keyval) && (modifiers == 0 || modifiers == GDK_SHIFT_MASK))
    move_by_keys (self, index, keyval, modifiers == GDK_SHIFT_MASK);
  else
    return FALSE;
  return TRUE;
}

void
bs_dashboard_canvas_init_input (BsDashboardCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  self->pending = -1;

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drag_gesture),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (self->drag_gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (self->drag_gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (self->drag_gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (self->drag_gesture, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag_gesture));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->drop_target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  gtk_drop_target_set_preload (self->drop_target, TRUE);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (self->drop_target, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}
