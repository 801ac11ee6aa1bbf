/* Shared by the parts of the hotline-media addon (hotline-media.c has the overview). */
#ifndef HOTLINE_MEDIA_H
#define HOTLINE_MEDIA_H
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <errno.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Throws an Error whose code is the errno's name (EADDRINUSE …); returns NULL for the caller. */
napi_value throw_errno(napi_env env, int code, const char *what);
napi_value throw_type(napi_env env, const char *message);
/* A JavaScript callback threw: raise it as 'uncaughtException', as a throw in a dgram listener. */
void forward_exception(napi_env env);

/* Each part adds its functions to the module's exports. */
void define_udp(napi_env env, napi_value exports);
void define_writes(napi_env env, napi_value exports);

#endif
