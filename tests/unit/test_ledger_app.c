/* App clients and the Ledger signer against the software Ledger (tests/emulator/) through the
 * fake HID backend. Expected keys: shared vectors/ledger.json "ledger_ed25519_derivation"
 * (polkadot-js/common hd/ledger/index.spec.ts @ 9281daa14c; substrate-crypto.md B9). */
/* this program holds the software Ledger and fake HID backend (stb-style headers) */
#define LEDGER_EMU_IMPLEMENTATION
#define FAKE_HID_IMPLEMENTATION
#include <string.h>

#include "tests/unit/check.h"
#include "hw/hw.h"
#include "hw/ledger.h"
#include "hw/ledger_signer.h"
#include "sign/ed25519.h"
#include "sign/hash.h"
#include "sign/signer.h"
#include "tests/emulator/fake_hid.h"


#define ABANDON_PUB "45ba94a6b068f7330138bdb2f94e4c3fb89fc8b972c62cc398bd9e97147f79cb"
#define ABANDON_42 "5De8b1jPECML4jHRqeHoPonvYZaSufMheRcvGyt3Fhy6xxyk"
#define ABANDON_0 "12aRjLzT5ycoWGHwoHLoXxd5QBa6bxuqivMQSGsPonzd9MWa"

static fake_hid_t f;
static dbc_hw_io_t io;
static ledger_emu_t *emu;

static dbc_hw_dev_t *
device(emu_app_t app, const char *mnemonic, const char *password)
{
	ledger_emu_cfg_t cfg;
	dbc_hw_dev_t *dev = NULL;

	ledger_emu_free(&emu);
	memset(&cfg, 0, sizeof(cfg));
	cfg.app = app;
	cfg.mnemonic = mnemonic;
	cfg.password = password;
	if (ledger_emu_new(&emu, &cfg) != 0)
		return NULL;
	memset(&f, 0, sizeof(f));
	f.emu = emu;
	fake_hid_io(&io, &f);
	if (dbc_hw_open(&dev, &io, NULL) != DBC_OK)
		return NULL;
	return dev;
}

static void
test_dashboard(void)
{
	dbc_hw_dev_t *dev = device(EMU_DASHBOARD, NULL, NULL);
	dbc_ledger_version_t v;
	char name[32], ver[32];

	CHECK(dev != NULL, "device");
	if (dev == NULL)
		return;
	CHECK_OK(dbc_ledger_app_info(dev, name, sizeof(name), ver, sizeof(ver)), "app info");
	CHECK(strcmp(name, "BOLOS") == 0, "dashboard name %s", name);
	CHECK(dbc_ledger_get_version(dev, 0xf9, &v) == DBC_ERR_DEVICE_APP, "dashboard: no app open");
	CHECK(dbc_ledger_open_app(dev, "Bitcoin") == DBC_ERR_DEVICE_APP, "app not installed");
	ledger_emu_set_reject(emu, 1);
	CHECK(dbc_ledger_open_app(dev, "Polkadot") != DBC_OK, "open refused by the user");
	ledger_emu_set_reject(emu, 0);
	CHECK_OK(dbc_ledger_open_app(dev, "Polkadot"), "open app");
	CHECK_OK(dbc_ledger_app_info(dev, name, sizeof(name), ver, sizeof(ver)), "app info");
	CHECK(strcmp(name, "Polkadot") == 0 && strcmp(ver, "100.0.13") == 0, "app %s %s", name, ver);
	CHECK_OK(dbc_ledger_get_version(dev, 0xf9, &v), "version");
	CHECK(v.major == 100 && v.patch == 13, "version %u.%u.%u", v.major, v.minor, v.patch);
	ledger_emu_set_locked(emu, 1);
	CHECK(dbc_ledger_get_version(dev, 0xf9, &v) == DBC_ERR_DEVICE_LOCKED, "locked");
	dbc_hw_close(&dev);
}

static void
test_generic_addresses(const cJSON *doc)
{
	dbc_hw_dev_t *dev = device(EMU_GENERIC, NULL, NULL);
	dbc_ledger_path_t path;
	uint8_t pub[DBC_PUB_MAX];
	size_t publen = 0;
	char addr[80];
	const cJSON *v;
	unsigned before;

	CHECK(dev != NULL, "device");
	if (dev == NULL)
		return;
	CHECK_OK(dbc_ledger_path_make(&path, 0, 0, 0), "path");
	CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 0, pub, &publen, addr,
	    sizeof(addr)), "address 42");
	CHECK_HEX(pub, publen, ABANDON_PUB, "public key");
	CHECK(strcmp(addr, ABANDON_42) == 0, "ss58 42 %s", addr);
	CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 0, 0, pub, &publen, addr,
	    sizeof(addr)), "address 0");
	CHECK(strcmp(addr, ABANDON_0) == 0, "ss58 0 %s", addr);
	before = ledger_emu_confirmations(emu);
	CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 1, pub, &publen, addr,
	    sizeof(addr)), "address shown");
	CHECK(ledger_emu_confirmations(emu) == before + 1, "address shown on the device");
	ledger_emu_set_reject(emu, 1);
	CHECK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 1, pub, &publen, addr,
	    sizeof(addr)) == DBC_ERR_REJECTED, "address rejected on the device");
	dbc_hw_close(&dev);

	/* Other mnemonics / passwords at 44'/354' from the shared vectors. */
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "vectors")) {
		uint8_t seed[32], want[32];

		if (strcmp(check_jstr(v, "kind"), "ledger_ed25519_derivation") != 0 ||
		    strcmp(check_jstr(v, "path"), "m/44'/354'/0'/0'/0'") != 0)
			continue;
		dev = device(EMU_GENERIC, check_jstr(v, "mnemonic"), check_jstr(v, "password"));
		CHECK(dev != NULL, "device");
		if (dev == NULL)
			continue;
		(void)check_unhex(seed, 32, check_jstr(v, "ed25519_seed"));
		CHECK_OK(dbc_ed25519_public_from_seed(want, seed), "public from vector seed");
		CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 0, pub, &publen, addr,
		    sizeof(addr)), "address");
		CHECK(publen == 32 && memcmp(pub, want, 32) == 0, "device key = vector key (%s)",
		    check_jstr(v, "password"));
		dbc_hw_close(&dev);
	}
}

static dbc_signer_t *
signer(dbc_hw_dev_t *dev, int legacy, uint8_t cla, dbc_scheme_t scheme, int *rc)
{
	dbc_ledger_signer_cfg_t cfg;
	dbc_signer_t *s = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.legacy = legacy;
	cfg.cla = cla;
	cfg.scheme = scheme;
	cfg.ss58 = 42;
	if (dbc_ledger_path_make(&cfg.path, 0, 0, 0) != DBC_OK)
		return NULL;
	*rc = dbc_ledger_signer_new(&s, &dev, &cfg);
	return s;
}

static void
test_generic_signer(void)
{
	static const char wrapped[] = "<Bytes>hello world</Bytes>";
	uint8_t sig[DBC_SIG_MAX], big[300];
	const uint8_t *pub;
	size_t siglen = 0, publen = 0;
	dbc_signer_t *s;
	unsigned n;
	int rc = -1;

	s = signer(device(EMU_GENERIC, NULL, NULL), 0, 0xf9, DBC_ED25519, &rc);
	CHECK(rc == DBC_OK && s != NULL, "generic ed25519 signer");
	if (s == NULL)
		return;
	pub = dbc_signer_public(s, &publen);
	CHECK_HEX(pub, publen, ABANDON_PUB, "signer public key");
	CHECK(dbc_signer_flags(s) == DBC_SIGNER_CAN_WRAPPED, "generic: wrapped only");
	CHECK(strcmp(dbc_signer_source(s), "ledger") == 0, "source name");
	CHECK_OK(dbc_signer_sign(s, (const uint8_t *)wrapped, strlen(wrapped), sig, &siglen),
	    "sign wrapped");
	CHECK(siglen == 64 && dbc_verify(DBC_ED25519, pub, publen, (const uint8_t *)wrapped,
	    strlen(wrapped), sig, siglen) == DBC_OK, "signature verifies");
	n = f.napdus;
	CHECK(dbc_signer_sign(s, (const uint8_t *)"hello world", 11, sig, &siglen) ==
	    DBC_ERR_UNSUPPORTED && f.napdus == n, "unwrapped refused before any APDU");
	memset(big, 'a', sizeof(big));
	memcpy(big, "<Bytes>", 7);
	memcpy(big + sizeof(big) - 8, "</Bytes>", 8);
	CHECK(dbc_signer_sign(s, big, sizeof(big), sig, &siglen) == DBC_ERR_TOO_LARGE &&
	    f.napdus == n, "over 256 bytes refused before any APDU");
	ledger_emu_set_reject(emu, 1);
	CHECK(dbc_signer_sign(s, (const uint8_t *)wrapped, strlen(wrapped), sig, &siglen) ==
	    DBC_ERR_REJECTED, "rejected on the device");
	dbc_signer_free(&s);
	CHECK(f.opened == 0, "signer closes the device");

	s = signer(device(EMU_GENERIC, NULL, NULL), 0, 0xf9, DBC_SR25519, &rc);
	CHECK(rc == DBC_ERR_UNSUPPORTED && s == NULL && f.napdus == 0 && f.opened == 0,
	    "generic sr25519 refused without a round trip");
	s = signer(device(EMU_DASHBOARD, NULL, NULL), 0, 0xf9, DBC_ED25519, &rc);
	CHECK(rc == DBC_ERR_DEVICE_APP && s == NULL, "dashboard: open the app");
	s = signer(device(EMU_GENERIC, NULL, NULL), 1, 0x90, DBC_ED25519, &rc);
	CHECK(rc == DBC_ERR_DEVICE_APP && s == NULL, "legacy CLA on the generic app");
}

static void
test_generic_sign_proof(void)
{
	dbc_hw_dev_t *dev = device(EMU_GENERIC, NULL, NULL);
	dbc_ledger_path_t path;
	uint8_t blob[300], proof[10], sig[65], pub[DBC_PUB_MAX], h[32];
	char addr[80];
	size_t publen;

	CHECK(dev != NULL, "device");
	if (dev == NULL)
		return;
	memset(blob, 0x11, sizeof(blob));
	memset(proof, 0x22, sizeof(proof));
	CHECK_OK(dbc_ledger_path_make(&path, 0, 0, 0), "path");
	CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 0, pub, &publen, addr,
	    sizeof(addr)), "address");
	CHECK_OK(dbc_ledger_generic_sign(dev, &path, DBC_ED25519, blob, 300, proof, 10, sig),
	    "chunked SIGN (300-byte blob, 10-byte proof)");
	CHECK(f.napdus == 4, "INIT + 2 chunks after GET_ADDR (%u APDUs)", f.napdus);
	dbc_blake2b_256(h, blob, 300);
	CHECK(dbc_ed25519_verify(sig + 1, pub, h, 32) == DBC_OK, "long payload signed as its hash");
	CHECK_OK(dbc_ledger_generic_sign(dev, &path, DBC_ED25519, blob, 100, proof, 10, sig), "short");
	CHECK(dbc_ed25519_verify(sig + 1, pub, blob, 100) == DBC_OK, "short payload signed as is");
	CHECK(dbc_ledger_generic_sign(dev, &path, DBC_ED25519, blob, 100, NULL, 0, sig) ==
	    DBC_ERR_DEVICE, "no proof: the app refuses");
	dbc_hw_close(&dev);
}

static void
test_legacy(void)
{
	static const uint8_t msg[] = "unwrapped nonce 1700000000";
	static const dbc_scheme_t schemes[] = { DBC_ED25519, DBC_SR25519 };
	uint8_t sig[DBC_SIG_MAX];
	size_t siglen, publen, i;
	const uint8_t *pub;
	dbc_signer_t *s;
	int rc = -1;

	for (i = 0; i < 2; i++) {
		dbc_hw_dev_t *dev = device(EMU_LEGACY, NULL, NULL);

		s = signer(dev, 1, 0x90, schemes[i], &rc);
		CHECK(rc == DBC_OK && s != NULL, "legacy %s signer", dbc_scheme_name(schemes[i]));
		if (s == NULL)
			continue;
		pub = dbc_signer_public(s, &publen);
		if (schemes[i] == DBC_ED25519)
			CHECK_HEX(pub, publen, ABANDON_PUB, "legacy ed25519 = generic ed25519 key");
		CHECK(dbc_signer_flags(s) == (DBC_SIGNER_CAN_RAW | DBC_SIGNER_CAN_WRAPPED), "legacy flags");
		CHECK_OK(dbc_signer_sign(s, msg, sizeof(msg) - 1, sig, &siglen), "legacy raw sign");
		CHECK(dbc_verify(schemes[i], pub, publen, msg, sizeof(msg) - 1, sig, siglen) == DBC_OK,
		    "legacy %s signature verifies", dbc_scheme_name(schemes[i]));
		ledger_emu_set_reject(emu, 1);
		CHECK(dbc_signer_sign(s, msg, sizeof(msg) - 1, sig, &siglen) == DBC_ERR_REJECTED,
		    "legacy rejection");
		dbc_signer_free(&s);
	}
	s = signer(device(EMU_LEGACY, NULL, NULL), 1, 0x99, DBC_SR25519, &rc);
	CHECK(rc == DBC_ERR_DEVICE_APP && s == NULL, "wrong legacy CLA");
	s = signer(device(EMU_LEGACY, NULL, NULL), 0, 0xf9, DBC_ED25519, &rc);
	CHECK(rc == DBC_ERR_DEVICE_APP && s == NULL, "generic CLA on a legacy app");
}

int
main(void)
{
	cJSON *doc;

	check_init("test_ledger_app");
	test_dashboard();
	test_generic_signer();
	test_generic_sign_proof();
	test_legacy();
	if ((doc = check_load_shared_json("vectors/ledger.json")) != NULL) {
		test_generic_addresses(doc);
		cJSON_Delete(doc);
	}
	ledger_emu_free(&emu);
	return check_done();
}
