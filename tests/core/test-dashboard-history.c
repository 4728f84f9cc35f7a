#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include "bs-dashboard-history.h"

/* A dashboard with @n panels side by side, the first @moved columns to the right. */
static BsDashboard *
make_dashboard (guint n,
                int   moved)
{
  BsDashboard *dashboard = bs_dashboard_new ("History");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Panel %u", i + 1);
      BsDashboardPanel *panel = bs_dashboard_panel_new (i + 1, "stat", title);

      panel->x = (int) (i % 4) * 6;
      panel->y = (int) (i / 4) * 4;
      panel->w = 6;
      panel->h = 4;
      g_ptr_array_add (dashboard->panels, panel);
    }
  if (n > 0)
    ((BsDashboardPanel *) g_ptr_array_index (dashboard->panels, 0))->y += moved;
  return dashboard;
}

typedef struct
{
  guint can_undo;
  guint can_redo;
  guint dirty;
} Notifications;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Notifications *counts = user_data;

  if (g_str_equal (pspec->name, "can-undo"))
    counts->can_undo++;
  else if (g_str_equal (pspec->name, "can-redo"))
    counts->can_redo++;
  else if (g_str_equal (pspec->name, "dirty"))
    counts->dirty++;
}

static void
assert_state (BsDashboardHistory *history,
              const BsDashboard  *expected)
{
  const BsDashboard *current = bs_dashboard_history_get_current (history);

  g_assert_nonnull (current);
  g_assert_true (current != expected);
  g_assert_true (bs_dashboard_equal (current, expected));
}

static void
test_undo_redo (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (3, 0);
  g_autoptr(BsDashboard) b = make_dashboard (3, 1);
  g_autoptr(BsDashboard) c = make_dashboard (3, 2);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);
  Notifications counts = { 0 };

  g_signal_connect (history, "notify", G_CALLBACK (on_notify), &counts);
  assert_state (history, a);
  g_assert_false (bs_dashboard_history_can_undo (history));
  g_assert_false (bs_dashboard_history_can_redo (history));
  g_assert_null (bs_dashboard_history_undo (history));
  g_assert_null (bs_dashboard_history_redo (history));
  g_assert_null (bs_dashboard_history_get_undo_label (history));
  g_assert_null (bs_dashboard_history_get_redo_label (history));

  g_assert_true (bs_dashboard_history_push (history, b, "Move “Panel 1”"));
  g_assert_true (bs_dashboard_history_push (history, c, "Move “Panel 1” again"));
  assert_state (history, c);
  g_assert_cmpuint (counts.can_undo, ==, 1);
  g_assert_true (bs_dashboard_history_can_undo (history));
  g_assert_cmpstr (bs_dashboard_history_get_undo_label (history), ==, "Move “Panel 1” again");

  /* The history keeps its own copies: changing the caller's state changes nothing. */
  ((BsDashboardPanel *) g_ptr_array_index (c->panels, 1))->w = 3;
  g_assert_false (bs_dashboard_equal (bs_dashboard_history_get_current (history), c));
  ((BsDashboardPanel *) g_ptr_array_index (c->panels, 1))->w = 6;

  g_assert_true (bs_dashboard_equal (bs_dashboard_history_undo (history), b));
  g_assert_cmpstr (bs_dashboard_history_get_undo_label (history), ==, "Move “Panel 1”");
  g_assert_cmpstr (bs_dashboard_history_get_redo_label (history), ==, "Move “Panel 1” again");
  g_assert_true (bs_dashboard_equal (bs_dashboard_history_undo (history), a));
  g_assert_false (bs_dashboard_history_can_undo (history));
  g_assert_null (bs_dashboard_history_undo (history));
  assert_state (history, a);
  g_assert_cmpuint (counts.can_undo, ==, 2);
  g_assert_cmpuint (counts.can_redo, ==, 1);

  g_assert_true (bs_dashboard_equal (bs_dashboard_history_redo (history), b));
  g_assert_true (bs_dashboard_equal (bs_dashboard_history_redo (history), c));
  g_assert_null (bs_dashboard_history_redo (history));
  g_assert_false (bs_dashboard_history_can_redo (history));
  assert_state (history, c);
  g_assert_cmpuint (counts.can_redo, ==, 2);
}

/* A change after undoing forgets what could have been redone. */
static void
test_push_drops_redo (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (3, 0);
  g_autoptr(BsDashboard) b = make_dashboard (3, 1);
  g_autoptr(BsDashboard) c = make_dashboard (3, 2);
  g_autoptr(BsDashboard) d = make_dashboard (4, 0);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);

  bs_dashboard_history_push (history, b, "b");
  bs_dashboard_history_push (history, c, "c");
  bs_dashboard_history_undo (history);
  bs_dashboard_history_undo (history);
  g_assert_true (bs_dashboard_history_can_redo (history));

  g_assert_true (bs_dashboard_history_push (history, d, "Add a panel"));
  g_assert_false (bs_dashboard_history_can_redo (history));
  g_assert_null (bs_dashboard_history_redo (history));
  assert_state (history, d);
  g_assert_true (bs_dashboard_equal (bs_dashboard_history_undo (history), a));
  g_assert_false (bs_dashboard_history_can_undo (history));
  g_assert_cmpstr (bs_dashboard_history_get_redo_label (history), ==, "Add a panel");
}

static void
test_equal_state (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (2, 0);
  g_autoptr(BsDashboard) same = make_dashboard (2, 0);
  g_autoptr(BsDashboard) b = make_dashboard (2, 3);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);
  Notifications counts = { 0 };

  g_signal_connect (history, "notify", G_CALLBACK (on_notify), &counts);
  /* A drag that ends where it began, a dialog closed with nothing changed: no step. */
  g_assert_false (bs_dashboard_history_push (history, same, "Nothing"));
  g_assert_false (bs_dashboard_history_can_undo (history));
  g_assert_cmpuint (counts.can_undo + counts.can_redo + counts.dirty, ==, 0);

  g_assert_true (bs_dashboard_history_push (history, b, "b"));
  g_assert_false (bs_dashboard_history_push (history, b, "b again"));
  g_assert_cmpstr (bs_dashboard_history_get_undo_label (history), ==, "b");
  g_assert_true (bs_dashboard_equal (bs_dashboard_history_undo (history), a));
  g_assert_false (bs_dashboard_history_can_undo (history));

  /* Equal to a state that is not the current one is a change. */
  g_assert_true (bs_dashboard_history_push (history, b, "b once more"));
  g_assert_true (bs_dashboard_history_can_undo (history));
}

static void
test_dirty (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (3, 0);
  g_autoptr(BsDashboard) b = make_dashboard (3, 1);
  g_autoptr(BsDashboard) c = make_dashboard (3, 2);
  g_autoptr(BsDashboard) a_again = make_dashboard (3, 0);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);
  Notifications counts = { 0 };

  g_signal_connect (history, "notify", G_CALLBACK (on_notify), &counts);
  g_assert_false (bs_dashboard_history_is_dirty (history));

  bs_dashboard_history_push (history, b, "b");
  g_assert_true (bs_dashboard_history_is_dirty (history));
  g_assert_cmpuint (counts.dirty, ==, 1);
  bs_dashboard_history_push (history, c, "c");
  g_assert_true (bs_dashboard_history_is_dirty (history));
  g_assert_cmpuint (counts.dirty, ==, 1);

  /* Undoing back to the saved state makes it clean, redoing dirty again. */
  bs_dashboard_history_undo (history);
  g_assert_true (bs_dashboard_history_is_dirty (history));
  bs_dashboard_history_undo (history);
  g_assert_false (bs_dashboard_history_is_dirty (history));
  g_assert_cmpuint (counts.dirty, ==, 2);
  bs_dashboard_history_redo (history);
  g_assert_true (bs_dashboard_history_is_dirty (history));
  g_assert_cmpuint (counts.dirty, ==, 3);

  /* Changing it back by hand (moving the panel where it was) is clean too. */
  bs_dashboard_history_push (history, a_again, "Move back");
  g_assert_false (bs_dashboard_history_is_dirty (history));
  g_assert_true (bs_dashboard_history_can_undo (history));
}

static void
test_saved_mark (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (3, 0);
  g_autoptr(BsDashboard) b = make_dashboard (3, 1);
  g_autoptr(BsDashboard) c = make_dashboard (3, 2);
  g_autoptr(BsDashboard) d = make_dashboard (5, 0);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);

  bs_dashboard_history_push (history, b, "b");
  bs_dashboard_history_mark_saved (history);
  g_assert_false (bs_dashboard_history_is_dirty (history));
  /* Saving does not forget the history. */
  g_assert_true (bs_dashboard_history_can_undo (history));

  bs_dashboard_history_push (history, c, "c");
  g_assert_true (bs_dashboard_history_is_dirty (history));
  bs_dashboard_history_undo (history);
  g_assert_false (bs_dashboard_history_is_dirty (history));
  bs_dashboard_history_undo (history);
  g_assert_true (bs_dashboard_history_is_dirty (history));

  /* The saved state is forgotten from the history (a new change after undoing past it),
   * but the dashboard stays dirty until it is saved again. */
  bs_dashboard_history_push (history, d, "d");
  g_assert_true (bs_dashboard_history_is_dirty (history));
  g_assert_false (bs_dashboard_history_can_redo (history));
  bs_dashboard_history_undo (history);
  g_assert_true (bs_dashboard_history_is_dirty (history));
  bs_dashboard_history_redo (history);
  bs_dashboard_history_mark_saved (history);
  g_assert_false (bs_dashboard_history_is_dirty (history));
  bs_dashboard_history_undo (history);
  g_assert_true (bs_dashboard_history_is_dirty (history));
}

static void
test_limit (void)
{
  g_autoptr(BsDashboard) first = make_dashboard (1, 0);
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (first);
  guint pushes = BS_DASHBOARD_HISTORY_LIMIT + 25;
  guint undos = 0;
  const BsDashboard *state;

  for (guint i = 1; i <= pushes; i++)
    {
      g_autoptr(BsDashboard) next = make_dashboard (1, (int) i);
      g_autofree char *label = g_strdup_printf ("Step %u", i);

      g_assert_true (bs_dashboard_history_push (history, next, label));
    }

  while ((state = bs_dashboard_history_undo (history)) != NULL)
    undos++;
  /* LIMIT states in all: the current one and LIMIT − 1 to go back to. */
  g_assert_cmpuint (undos, ==, BS_DASHBOARD_HISTORY_LIMIT - 1);
  state = bs_dashboard_history_get_current (history);
  g_assert_cmpint (((BsDashboardPanel *) g_ptr_array_index (state->panels, 0))->y, ==,
                   (int) (pushes - BS_DASHBOARD_HISTORY_LIMIT + 1));
  g_assert_null (bs_dashboard_history_get_undo_label (history));
  g_assert_cmpstr (bs_dashboard_history_get_redo_label (history), ==,
                   "Step 27");
  g_assert_true (bs_dashboard_history_is_dirty (history));

  for (guint i = 0; i < BS_DASHBOARD_HISTORY_LIMIT - 1; i++)
    g_assert_nonnull (bs_dashboard_history_redo (history));
  g_assert_null (bs_dashboard_history_redo (history));
  state = bs_dashboard_history_get_current (history);
  g_assert_cmpint (((BsDashboardPanel *) g_ptr_array_index (state->panels, 0))->y, ==,
                   (int) pushes);
}

/* Every kind of change undoes the same way: a row collapsed, a panel's unit, a title. */
static void
test_any_change (void)
{
  g_autoptr(BsDashboard) a = make_dashboard (4, 0);
  g_autoptr(BsDashboard) edited = NULL;
  g_autoptr(BsDashboardHistory) history = bs_dashboard_history_new (a);
  BsDashboardPanel *row = bs_dashboard_panel_new (100, "row", "Details");
  const BsDashboard *state;

  edited = bs_dashboard_copy (a);
  g_ptr_array_insert (edited->panels, 0, row);
  for (guint i = 1; i < edited->panels->len; i++)
    ((BsDashboardPanel *) g_ptr_array_index (edited->panels, i))->y += 1;
  row->w = BS_GRID_COLUMNS;
  row->h = 1;
  g_assert_true (bs_dashboard_history_push (history, edited, "Add a row"));

  g_assert_true (bs_dashboard_set_row_collapsed (edited, row, TRUE));
  g_assert_true (bs_dashboard_history_push (history, edited, "Collapse “Details”"));

  g_free (((BsDashboardPanel *) g_ptr_array_index (edited->panels, 0))->title);
  ((BsDashboardPanel *) g_ptr_array_index (edited->panels, 0))->title = g_strdup ("Sales");
  g_assert_true (bs_dashboard_history_push (history, edited, "Rename"));

  g_free (edited->title);
  edited->title = g_strdup ("Renamed");
  g_assert_true (bs_dashboard_history_push (history, edited, "Rename the dashboard"));
  assert_state (history, edited);

  g_assert_cmpstr (bs_dashboard_history_undo (history)->title, ==, "History");
  state = bs_dashboard_history_undo (history);
  g_assert_cmpstr (((BsDashboardPanel *) g_ptr_array_index (state->panels, 0))->title, ==,
                   "Details");
  state = bs_dashboard_history_undo (history);
  g_assert_false (((BsDashboardPanel *) g_ptr_array_index (state->panels, 0))->collapsed);
  g_assert_true (bs_dashboard_equal (bs_dashboard_history_undo (history), a));
  g_assert_false (bs_dashboard_history_is_dirty (history));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/dashboard-history/undo-redo", test_undo_redo);
  g_test_add_func ("/bs/dashboard-history/push-drops-redo", test_push_drops_redo);
  g_test_add_func ("/bs/dashboard-history/equal-state", test_equal_state);
  g_test_add_func ("/bs/dashboard-history/dirty", test_dirty);
  g_test_add_func ("/bs/dashboard-history/saved-mark", test_saved_mark);
  g_test_add_func ("/bs/dashboard-history/limit", test_limit);
  g_test_add_func ("/bs/dashboard-history/any-change", test_any_change);
  return g_test_run ();
}
