/* help_gen.h - man page and bash completion from the command table. */
#ifndef XYL_HELP_GEN_H
#define XYL_HELP_GEN_H

void print_man_page(void);
void print_bash_completion(void);

#endif
