#ifndef CHROMADA_SHIM_H
#define CHROMADA_SHIM_H
// Prefixed functions for OpenSSL macros that Swift cannot import.
#include <stddef.h>

void hromada_openssl_free(void *ptr);
/// Returns the length of a memory BIO's contents and points *data at them (BIO_get_mem_data).
long hromada_bio_get_mem_data(void *bio, char **data);

#endif
