/* Keccak-f[1600] permutation over a 200-byte state (lanes little-endian, standard order). */
#ifndef DBC_KECCAK_H
#define DBC_KECCAK_H
#include <stdint.h>
void dbc_keccakf1600(uint8_t state[200]);
#endif
