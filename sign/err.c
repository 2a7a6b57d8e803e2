#include "sign/err.h"

const char *
dbc_strerror(int err)
{
	switch ((dbc_err_t)err) {
	case DBC_OK: return "success";
	case DBC_ERR_VERIFY: return "signature verification failed";
	case DBC_ERR_PASSWORD: return "wrong password";
	case DBC_ERR_REJECTED: return "rejected (on the device or at the prompt)";
	case DBC_ERR_MISMATCH: return "key does not match";
	case DBC_ERR_INPUT: return "invalid input";
	case DBC_ERR_HEX: return "invalid hex";
	case DBC_ERR_LENGTH: return "wrong length";
	case DBC_ERR_BASE58: return "invalid base58 character";
	case DBC_ERR_SS58_CHECKSUM: return "invalid SS58 checksum";
	case DBC_ERR_SS58_PREFIX: return "invalid SS58 prefix";
	case DBC_ERR_SS58_LENGTH: return "invalid SS58 length";
	case DBC_ERR_MNEMONIC_WORD: return "mnemonic word not in the BIP39 English list";
	case DBC_ERR_MNEMONIC_CHECKSUM: return "invalid mnemonic checksum";
	case DBC_ERR_MNEMONIC_LENGTH: return "mnemonic must have 12, 15, 18, 21 or 24 words";
	case DBC_ERR_SURI: return "invalid secret URI";
	case DBC_ERR_SEED: return "invalid seed";
	case DBC_ERR_SOFT_DERIVATION: return "soft derivation is only possible with sr25519";
	case DBC_ERR_SCHEME: return "unknown scheme";
	case DBC_ERR_PUBKEY: return "invalid public key";
	case DBC_ERR_SIGNATURE_FORMAT: return "invalid signature format";
	case DBC_ERR_EMPTY: return "empty input";
	case DBC_ERR_TOO_LARGE: return "input too large";
	case DBC_ERR_JSON: return "malformed JSON";
	case DBC_ERR_KEYSTORE: return "malformed keystore";
	case DBC_ERR_UNSUPPORTED: return "unsupported";
	case DBC_ERR_EXISTS: return "already exists";
	case DBC_ERR_NOT_FOUND: return "not found";
	case DBC_ERR_NAME: return "invalid name";
	case DBC_ERR_FILE_TYPE: return "not a regular file";
	case DBC_ERR_SCALE: return "invalid SCALE encoding";
	case DBC_ERR_METADATA: return "invalid or unsupported metadata";
	case DBC_ERR_RANGE: return "value out of range";
	case DBC_ERR_IO: return "I/O error";
	case DBC_ERR_NOMEM: return "out of memory";
	case DBC_ERR_RANDOM: return "random number generator failed";
	case DBC_ERR_NETWORK: return "network error";
	case DBC_ERR_TIMEOUT: return "timed out";
	case DBC_ERR_HTTP: return "HTTP error";
	case DBC_ERR_RPC: return "RPC error";
	case DBC_ERR_DEVICE: return "device error";
	case DBC_ERR_DEVICE_ABSENT: return "no device found";
	case DBC_ERR_DEVICE_PERMISSION: return "permission denied on the device";
	case DBC_ERR_DEVICE_UNPLUGGED: return "device unplugged";
	case DBC_ERR_DEVICE_PROTOCOL: return "device protocol error";
	case DBC_ERR_DEVICE_LOCKED: return "device locked";
	case DBC_ERR_DEVICE_APP: return "wrong or no app open on the device";
	case DBC_ERR_TTY: return "no terminal";
	case DBC_ERR_DEVICE_BUSY: return "device is in use by another process";
	case DBC_ERR_INTERNAL: return "internal error";
	}
	return "unknown error";
}

int
dbc_err_class(int err)
{
	if (err == DBC_OK)
		return 0;
	if (err > -20)
		return 1;
	if (err > -60)
		return 2;
	return 3;
}
