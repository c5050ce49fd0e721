/*
 * gitref.h - the Git commit a folder is checked out at, read from the
 * repository's files (.git/HEAD, the ref it names, packed-refs) without
 * running git: recorded with each guest xyl creates.
 */
#ifndef XYL_GITREF_H
#define XYL_GITREF_H

/*
 * The commit (40 or 64 hex digits) checked out in the work tree that holds
 * path (a file or folder), or NULL when it is in none or it cannot be
 * read.  Caller frees.
 */
char *git_commit_of(const char *path);

#endif
