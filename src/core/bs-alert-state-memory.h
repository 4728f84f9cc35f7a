/* bs-alert-state-memory.h — the states each rule's last saved evaluation left, kept in
 * memory so that the next evaluation need not read them back from the store.
 *
 * The store stays the truth; what is remembered of a rule is exactly what its last saved
 * evaluation wrote there, and it is used only while no one else wrote to the workspace:
 * the caller passes the workspace's PRAGMA data_version (which changes when another
 * connection commits, such as the API forgetting a rule's states when the rule is edited)
 * and everything is forgotten when it changed. A rule whose evaluation could not be saved
 * is forgotten too. Thread-safe. */
#pragma once

#include "bs-alert-evaluation.h"
#include "bs-store.h"

G_BEGIN_DECLS

typedef struct _BsAlertStateMemory BsAlertStateMemory;

BsAlertStateMemory *bs_alert_state_memory_new      (void);
void                bs_alert_state_memory_free     (BsAlertStateMemory *self);

/* Forgets everything when @data_version is not the one last given. */
void                bs_alert_state_memory_check    (BsAlertStateMemory *self,
                                                    gint64              data_version);
/* The states of rule @rule_id (a new reference): the remembered ones, or read from @store
 * (the caller holds whatever lock guards it). NULL with @error when they cannot be read. */
GPtrArray          *bs_alert_state_memory_get      (BsAlertStateMemory *self,
                                                    BsStore            *store,
                                                    gint64              rule_id,
                                                    GError            **error);
/* After @evaluation was saved: its series are what the store holds for its rule. Their
 * labels are dropped (their keys hold them): the evaluation is not to be saved again. */
void                bs_alert_state_memory_remember (BsAlertStateMemory *self,
                                                    BsAlertEvaluation  *evaluation);
void                bs_alert_state_memory_forget   (BsAlertStateMemory *self,
                                                    gint64              rule_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertStateMemory, bs_alert_state_memory_free)

G_END_DECLS
