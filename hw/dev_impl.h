/* dbcsign — internals shared by hw/dev.c and the transports (not for cli/). */
#ifndef DBC_HW_DEV_IMPL_H
#define DBC_HW_DEV_IMPL_H
#include <stdint.h>
#include "hw/hw.h"
#include "hw/io.h"

struct dbc_hw_dev {
	int is_tcp;
	/* HID */
	const dbc_hw_io_t *io;
	void *handle;
	uint16_t channel;
	/* TCP */
	int fd;
	int timeout_ms;
	int dead;     /* first transport error; a late reply could otherwise answer the next command */
	uint16_t last_sw;
	char last_text[128];
};

/* Monotonic milliseconds. */
int64_t dbc_hw_now_ms(void);
/* Remaining ms until deadline (≥ 0). */
int dbc_hw_remaining(int64_t deadline);

int dbc_hw_tcp_connect(const char *hostport, int timeout_ms, int *fd) DBC_WUR;
int dbc_hw_tcp_exchange(int fd, int timeout_ms, const uint8_t *apdu, size_t len, uint8_t *resp,
                        size_t cap, size_t *resplen) DBC_WUR;

#endif
