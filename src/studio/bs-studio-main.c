#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "bs-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BsApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = bs_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
