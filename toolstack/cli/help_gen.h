/*
 * help_gen.h - what users read about commands, generated from the command
 * table: the usage line, `xyl help CMD`, the man page xyl(1) and the bash
 * completion.
 */
#ifndef XYL_HELP_GEN_H
#define XYL_HELP_GEN_H

#include "cli/command.h"

#include <stdio.h>

void print_usage_line(const struct xyl_cmd *c, FILE *f);       /* "usage: xyl CMD ..." */
void print_command_help(const struct xyl_cmd *c, FILE *f);     /* -h, xyl help CMD */
void print_man_page(void);
void print_bash_completion(void);

#endif
