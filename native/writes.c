/* hotline-media's recording writes: a turn's chunks and header patches as one threadpool job. */
#include "hotline-media.h"
#include <unistd.h>

typedef struct {
  int fd;
  int error;
  int64_t position;
  size_t length;
  const uint8_t *chunk;
  const uint8_t *header;
} write_item_t;

typedef struct {
  napi_async_work work;
  napi_ref done;
  napi_ref buffers;
  size_t count;
  write_item_t items[];
} write_batch_t;

static int write_all(int fd, const uint8_t *data, size_t length, int64_t position) {
  while (length > 0) {
    ssize_t written = pwrite(fd, data, length, (off_t)position);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;
    data += written;
    length -= (size_t)written;
    position += written;
  }
  return 0;
}

/* On a pool thread: no JavaScript here. */
static void write_execute(napi_env env, void *data) {
  (void)env;
  write_batch_t *batch = data;
  for (size_t i = 0; i < batch->count; i++) {
    write_item_t *item = &batch->items[i];
    item->error = write_all(item->fd, item->chunk, item->length, item->position);
    if (item->error == 0) item->error = write_all(item->fd, item->header, 44, 0);
  }
}

static void free_batch(napi_env env, write_batch_t *batch) {
  napi_delete_reference(env, batch->done);
  napi_delete_reference(env, batch->buffers);
  napi_delete_async_work(env, batch->work);
  free(batch);
}

static void write_complete(napi_env env, napi_status status, void *data) {
  write_batch_t *batch = data;
  napi_value errnos_buffer, errnos, callback, receiver, result;
  void *raw = NULL;
  /* Cancelled, or the thread is being terminated: no JavaScript may run, only memory is freed. */
  if (status != napi_ok ||
      napi_create_arraybuffer(env, batch->count * sizeof(int32_t), &raw, &errnos_buffer) !=
          napi_ok ||
      raw == NULL ||
      napi_create_typedarray(env, napi_int32_array, batch->count, errnos_buffer, 0, &errnos) !=
          napi_ok ||
      napi_get_reference_value(env, batch->done, &callback) != napi_ok || callback == NULL ||
      napi_get_global(env, &receiver) != napi_ok) {
    free_batch(env, batch);
    return;
  }
  int32_t *out = raw;
  for (size_t i = 0; i < batch->count; i++) out[i] = batch->items[i].error;
  free_batch(env, batch);
  napi_call_function(env, receiver, callback, 1, &errnos, &result);
  forward_exception(env);
}

static napi_value write_batch(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  const char *usage =
      "hotline-media: writeBatch(count, fds, positions, lengths, buffers, done)";
  uint32_t count;
  napi_valuetype type;
  if (argc < 6 || napi_get_value_uint32(env, argv[0], &count) != napi_ok || count == 0 ||
      napi_typeof(env, argv[5], &type) != napi_ok || type != napi_function)
    return throw_type(env, usage);
  napi_typedarray_type kind;
  size_t length;
  void *fds, *positions, *lengths;
  if (napi_get_typedarray_info(env, argv[1], &kind, &length, &fds, NULL, NULL) != napi_ok ||
      kind != napi_int32_array || length < count ||
      napi_get_typedarray_info(env, argv[2], &kind, &length, &positions, NULL, NULL) != napi_ok ||
      kind != napi_float64_array || length < count ||
      napi_get_typedarray_info(env, argv[3], &kind, &length, &lengths, NULL, NULL) != napi_ok ||
      kind != napi_int32_array || length < count)
    return throw_type(env, usage);
  uint32_t buffer_count;
  if (napi_get_array_length(env, argv[4], &buffer_count) != napi_ok || buffer_count < 2 * count)
    return throw_type(env, usage);
  write_batch_t *batch = calloc(1, sizeof *batch + count * sizeof(write_item_t));
  if (batch == NULL) return throw_errno(env, ENOMEM, "writeBatch");
  batch->count = count;
  for (uint32_t i = 0; i < count; i++) {
    write_item_t *item = &batch->items[i];
    napi_value chunk, header;
    void *chunk_data, *header_data;
    size_t chunk_size, header_size;
    double position = ((double *)positions)[i];
    int32_t bytes = ((int32_t *)lengths)[i];
    if (napi_get_element(env, argv[4], 2 * i, &chunk) != napi_ok ||
        napi_get_element(env, argv[4], 2 * i + 1, &header) != napi_ok ||
        napi_get_buffer_info(env, chunk, &chunk_data, &chunk_size) != napi_ok ||
        napi_get_buffer_info(env, header, &header_data, &header_size) != napi_ok ||
        header_size < 44 || bytes < 0 || (size_t)bytes > chunk_size || !(position >= 0) ||
        position > 9007199254740991.0 /* 2^53 - 1: exact, and far inside off_t */) {
      free(batch);
      return throw_type(env, usage);
    }
    item->fd = ((int32_t *)fds)[i];
    item->position = (int64_t)position;
    item->length = (size_t)bytes;
    item->chunk = chunk_data;
    item->header = header_data;
  }
  napi_value name;
  napi_create_string_utf8(env, "hotline-media.writeBatch", NAPI_AUTO_LENGTH, &name);
  napi_create_reference(env, argv[5], 1, &batch->done);
  napi_create_reference(env, argv[4], 1, &batch->buffers); /* keeps every buffer alive */
  napi_create_async_work(env, NULL, name, write_execute, write_complete, batch, &batch->work);
  napi_queue_async_work(env, batch->work);
  return NULL;
}

void define_writes(napi_env env, napi_value exports) {
  napi_property_descriptor property = {
      "writeBatch", NULL, write_batch, NULL, NULL, NULL, napi_enumerable, NULL};
  napi_define_properties(env, exports, 1, &property);
}
