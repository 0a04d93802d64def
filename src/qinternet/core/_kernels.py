"""numba intrinsics the compiled kernels of :mod:`qinternet.states` and
:mod:`qinternet.optics` share: buffers on the stack, and 512-bit vectors.

- :func:`stack_doubles`: a fixed number of float64 on the calling kernel's stack. LLVM
  promotes such a buffer to vector registers over a loop; a buffer on the heap could
  alias the kernel's arrays and would go through memory on every iteration.
- :func:`prefer_wide_vectors`: LLVM's tuning for most AVX-512 CPUs prefers 256-bit
  vectors, and numba compiles for that tuning; a kernel that calls this intrinsic asks
  LLVM for 512-bit vectors in itself alone (on CPUs without AVX-512 it changes nothing),
  and is kept out of line, since inlined into a caller its loops would be vectorised at
  the caller's width. llvmlite's attribute set admits only the names it lists; LLVM
  reads string attributes such as this one from the function header, so the attribute
  is added past that check (tests check that the kernels emit 512-bit instructions).

Import this module only after :func:`qinternet.core.numba_cache.ensure_numba_cache_dir`
(it loads numba), as the kernel modules do.
"""

from __future__ import annotations

from typing import Any

from numba import extending, types
from numba.core import cgutils

_intrinsic: Any = extending.intrinsic

_WIDE_VECTORS = '"prefer-vector-width"="512"'


@_intrinsic
def stack_doubles(typingctx: Any, length: Any) -> Any:
    """Pointer to ``length`` (a compile-time constant) float64 on the caller's stack."""
    if not isinstance(length, types.IntegerLiteral):
        return None
    count = length.literal_value

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return cgutils.alloca_once(builder, context.get_value_type(types.float64), size=count)

    return types.CPointer(types.float64)(length), codegen


@_intrinsic
def prefer_wide_vectors(typingctx: Any) -> Any:
    """Compile the calling kernel for 512-bit vectors where the CPU has them, out of line."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        attributes = builder.function.attributes
        attributes.add("noinline")
        set.add(attributes, _WIDE_VECTORS)
        return context.get_dummy_value()

    return types.none(), codegen
