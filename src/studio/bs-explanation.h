/* bs-explanation.h — the help text of a page, as long as the person's skill level asks for:
 * numbered steps (step by step), one line (balanced) or nothing (minimal).
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_EXPLANATION (bs_explanation_get_type ())
G_DECLARE_FINAL_TYPE (BsExplanation, bs_explanation, BS, EXPLANATION, GtkWidget)

GtkWidget          *bs_explanation_new           (void);
/* @line: the balanced text; @heading and @steps (NULL-terminated): the step-by-step one. */
void                bs_explanation_set_texts     (BsExplanation       *self,
                                                  const char          *line,
                                                  const char          *heading,
                                                  const char * const  *steps);
void                bs_explanation_set_verbosity (BsExplanation       *self,
                                                  BsProfileVerbosity   verbosity);
BsProfileVerbosity  bs_explanation_get_verbosity (BsExplanation       *self);
/* The text on show, the steps one a line; NULL when nothing is. */
char               *bs_explanation_dup_text      (BsExplanation       *self);

G_END_DECLS
