"""One responder per destination API, each answering in the vendor's documented shapes.

A responder registers itself with :func:`app.core.sandbox.routes.handler` under the name
a destination file's ``sandbox.handler`` gives; the server imports every module of this
package, so a new destination's responder is one module here. What they share (times,
codes, rule checks) is in :mod:`~app.core.sandbox.responders.common`.
"""
