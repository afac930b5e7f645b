#ifndef CHROMADA_SHIM_H
#define CHROMADA_SHIM_H
// Prefixed functions for OpenSSL macros that Swift cannot import.
#include <stddef.h>

void hromada_openssl_free(void *ptr);
/// Returns the length of a memory BIO's contents and points *data at them (BIO_get_mem_data).
long hromada_bio_get_mem_data(void *bio, char **data);

/// Frees a STACK_OF(X509) and every certificate in it (sk_X509_pop_free(stack, X509_free)).
void hromada_sk_x509_pop_free(void *stack);

#endif
