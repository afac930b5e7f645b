#include "CHromadaShim.h"
#include <openssl/crypto.h>
#include <openssl/bio.h>

void hromada_openssl_free(void *ptr) { OPENSSL_free(ptr); }

long hromada_bio_get_mem_data(void *bio, char **data) {
    return BIO_get_mem_data((BIO *)bio, data);
}
