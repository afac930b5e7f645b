#include "CHromadaShim.h"
#include <openssl/crypto.h>
#include <openssl/bio.h>

void hromada_openssl_free(void *ptr) { OPENSSL_free(ptr); }

long hromada_bio_get_mem_data(void *bio, char **data) {
    return BIO_get_mem_data((BIO *)bio, data);
}

#include <openssl/x509.h>

void hromada_sk_x509_pop_free(void *stack) {
    sk_X509_pop_free((STACK_OF(X509) *)stack, X509_free);
}
