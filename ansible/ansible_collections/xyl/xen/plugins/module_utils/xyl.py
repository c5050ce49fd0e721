# -*- coding: utf-8 -*-
# Shared by the xyl.xen modules: finding and running the xyl command on the
# managed host, reading its JSON, and turning its FILE:LINE:COL diagnostics
# into structured errors, so every module fails the same way xyl does.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import re

# xyl's diagnostics (toolstack/base/diag.c): "FILE:LINE:COL: error: message"
_DIAG = re.compile(r'^(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): '
                   r'(?:(?P<severity>error|warning|note): )?(?P<message>.*)$')

# where the Debian package and `make install` put xyl, beside PATH
_XYL_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin']

# the options every module takes
XYL_COMMON_ARGS = dict(
    executable=dict(type='path'),
)

# exit codes of `xyl plan` (terraform plan -detailed-exitcode's)
PLAN_UNCHANGED = 0
PLAN_CHANGES = 2


def parse_diagnostics(text):
    """Every FILE:LINE:COL line of xyl's stderr, as dicts."""
    found = []
    for line in (text or '').splitlines():
        m = _DIAG.match(line.strip())
        if m:
            found.append(dict(file=m.group('file'), line=int(m.group('line')),
                              column=int(m.group('column')),
                              severity=m.group('severity') or 'error',
                              message=m.group('message')))
    return found


def last_line(text):
    """xyl says what went wrong in one line: the last one it printed."""
    lines = [x.strip() for x in (text or '').splitlines() if x.strip()]
    return lines[-1] if lines else ''


class Xyl(object):
    """The xyl command on the managed host."""

    def __init__(self, module):
        self.module = module
        exe = module.params.get('executable')
        if exe:
            self.path = exe
        else:
            self.path = module.get_bin_path('xyl', required=True, opt_dirs=_XYL_DIRS)

    def run(self, args, ok=(0,)):
        """Run xyl ARGS; fail the module (with xyl's errors) unless the exit code is in ok."""
        cmd = [self.path] + list(args)
        # no progress bars in captured output, and messages in English
        rc, out, err = self.module.run_command(cmd, environ_update=dict(XYL_PROGRESS='0', LC_ALL='C'))
        if rc not in ok:
            self.fail(cmd, rc, out, err)
        return rc, out, err

    def fail(self, cmd, rc, out, err, **extra):
        diags = parse_diagnostics(err)
        msg = last_line(err) or 'xyl %s failed with exit code %d' % (cmd[1] if len(cmd) > 1 else '', rc)
        if diags:
            # the FILE:LINE:COL lines are the news; xyl's last line only sums them up
            msg = '%s: %s' % (msg, '; '.join('%s:%d:%d: %s' % (d['file'], d['line'], d['column'], d['message'])
                                             for d in diags))
        self.module.fail_json(msg=msg, rc=rc, cmd=cmd, stdout=out, stderr=err, errors=diags, **extra)

    def json(self, args, ok=(0,)):
        """Run xyl ARGS and return (rc, its stdout as JSON, stderr)."""
        rc, out, err = self.run(args, ok)
        try:
            return rc, json.loads(out), err
        except ValueError as e:
            self.module.fail_json(msg='xyl %s printed no JSON: %s' % (' '.join(args), e), stdout=out, stderr=err)

    def domains(self):
        """The host's domains (xyl list --json) by name, Domain-0 left out."""
        dummy, doms, dummy2 = self.json(['list', '--json'])
        if not isinstance(doms, list):
            self.module.fail_json(msg='xyl list --json printed no list')
        return dict((d.get('name'), d) for d in doms if isinstance(d, dict) and d.get('domid') != 0)


def flags(dom):
    """xl's state flags of a list entry ("r-----"), as a set of letters."""
    return set((dom or {}).get('state', '').replace('-', ''))
