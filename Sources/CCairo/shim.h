#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
