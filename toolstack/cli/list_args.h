/*
 * list_args.h - the arguments block-list and network-list share.
 */
#ifndef XYL_LIST_ARGS_H
#define XYL_LIST_ARGS_H

/* block-list / network-list: "[--json] NAME|ID..."; sets *json.  Returns
 * XYL_EXIT_OK, or XYL_EXIT_USAGE after printing the usage. */
int hp_list_args(const char *cmd, int argc, char **argv, int *json);

#endif
