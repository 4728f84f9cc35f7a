#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-dashboard-history.h"

typedef struct
{
  BsDashboard *state;
  char        *label;   /* the change that led to @state; NULL for the first */
} Entry;

struct _BsDashboardHistory
{
  GObject      parent_instance;

  GPtrArray   *entries;    /* Entry*, oldest first */
  guint        index;      /* the current entry */
  /* The current state as exported, made once when it becomes current: every push and
   * every flag update compares against it (bs_dashboard_equal compares exports). */
  JsonNode    *current;
  /* The saved state as exported rather than an index: the saved entry may be forgotten
   * (the limit, or a new change after undoing past it), and a later state may equal it
   * again. */
  JsonNode    *saved;
  gboolean     can_undo;
  gboolean     can_redo;
  gboolean     dirty;
};

G_DEFINE_FINAL_TYPE (BsDashboardHistory, bs_dashboard_history, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  bs_dashboard_free (entry->state);
  g_free (entry->label);
  g_free (entry);
}

static Entry *
entry_new (const BsDashboard *state,
           const char        *label)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->state = bs_dashboard_copy (state);
  entry->label = g_strdup (label);
  return entry;
}

static Entry *
current_entry (BsDashboardHistory *self)
{
  return g_ptr_array_index (self->entries, self->index);
}

/* Recomputes the three properties and notifies the ones that changed. */
static void
update_flags (BsDashboardHistory *self)
{
  gboolean can_undo = self->index > 0;
  gboolean can_redo = self->index + 1 < self->entries->len;
  gboolean dirty = !json_node_equal (self->current, self->saved);

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (dirty != self->dirty)
    {
      self->dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Makes entry @index the current one; @exported (taken) is its state as exported, or NULL
 * to have it made here. */
static void
move_to (BsDashboardHistory *self,
         guint               index,
         JsonNode           *exported)
{
  self->index = index;
  g_clear_pointer (&self->current, json_node_unref);
  self->current = exported != NULL ? exported : bs_dashboard_to_json (current_entry (self)->state);
  update_flags (self);
}

static void
bs_dashboard_history_finalize (GObject *object)
{
  BsDashboardHistory *self = BS_DASHBOARD_HISTORY (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->current, json_node_unref);
  g_clear_pointer (&self->saved, json_node_unref);

  G_OBJECT_CLASS (bs_dashboard_history_parent_class)->finalize (object);
}

static void
bs_dashboard_history_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BsDashboardHistory *self = BS_DASHBOARD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_dashboard_history_class_init (BsDashboardHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_dashboard_history_finalize;
  object_class->get_property = bs_dashboard_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_dashboard_history_init (BsDashboardHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
}

BsDashboardHistory *
bs_dashboard_history_new (const BsDashboard *initial)
{
  BsDashboardHistory *self;

  g_return_val_if_fail (initial != NULL, NULL);

  self = g_object_new (BS_TYPE_DASHBOARD_HISTORY, NULL);
  g_ptr_array_add (self->entries, entry_new (initial, NULL));
  self->current = bs_dashboard_to_json (initial);
  self->saved = json_node_ref (self->current);
  return self;
}

const BsDashboard *
bs_dashboard_history_get_current (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), NULL);

  return current_entry (self)->state;
}

gboolean
bs_dashboard_history_push (BsDashboardHistory *self,
                           const BsDashboard  *state,
                           const char         *label)
{
  g_autoptr(JsonNode) exported = NULL;

  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  exported = bs_dashboard_to_json (state);
  if (json_node_equal (self->current, exported))
    return FALSE;

  if (self->index + 1 < self->entries->len)
    g_ptr_array_remove_range (self->entries, self->index + 1,
                              self->entries->len - self->index - 1);
  g_ptr_array_add (self->entries, entry_new (state, label));
  while (self->entries->len > BS_DASHBOARD_HISTORY_LIMIT)
    g_ptr_array_remove_index (self->entries, 0);
  move_to (self, self->entries->len - 1, g_steal_pointer (&exported));
  return TRUE;
}

const BsDashboard *
bs_dashboard_history_undo (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), NULL);

  if (self->index == 0)
    return NULL;
  move_to (self, self->index - 1, NULL);
  return current_entry (self)->state;
}

const BsDashboard *
bs_dashboard_history_redo (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), NULL);

  if (self->index + 1 >= self->entries->len)
    return NULL;
  move_to (self, self->index + 1, NULL);
  return current_entry (self)->state;
}

gboolean
bs_dashboard_history_can_undo (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), FALSE);

  return self->can_undo;
}

gboolean
bs_dashboard_history_can_redo (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), FALSE);

  return self->can_redo;
}

/* The label of the change undo would take back: the one that made the current state. */
const char *
bs_dashboard_history_get_undo_label (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), NULL);

  return self->index > 0 ? current_entry (self)->label : NULL;
}

const char *
bs_dashboard_history_get_redo_label (BsDashboardHistory *self)
{
  Entry *next;

  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), NULL);

  if (self->index + 1 >= self->entries->len)
    return NULL;
  next = g_ptr_array_index (self->entries, self->index + 1);
  return next->label;
}

void
bs_dashboard_history_mark_saved (BsDashboardHistory *self)
{
  g_return_if_fail (BS_IS_DASHBOARD_HISTORY (self));

  g_clear_pointer (&self->saved, json_node_unref);
  self->saved = json_node_ref (self->current);
  update_flags (self);
}

gboolean
bs_dashboard_history_is_dirty (BsDashboardHistory *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_HISTORY (self), FALSE);

  return self->dirty;
}
