"""The inverse of a small dense matrix, in pure Python: Gauss-Jordan elimination with
partial pivoting. The Markov model inverts ``I - Q`` of at most a few hundred states, which
is milliseconds to a second here; the domain stays free of numpy."""

from __future__ import annotations

from collections.abc import Sequence

Matrix = list[list[float]]


class SingularMatrix(ArithmeticError):
    """The matrix has no inverse (a pivot vanished)."""


def identity(n: int) -> Matrix:
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def inverse(matrix: Sequence[Sequence[float]], *, tolerance: float = 1e-12) -> Matrix:
    """``matrix``'s inverse; ``SingularMatrix`` when a pivot is below ``tolerance``."""
    n = len(matrix)
    rows = [[*map(float, row), *unit] for row, unit in zip(matrix, identity(n), strict=True)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(rows[r][column]))
        if abs(rows[pivot][column]) < tolerance:
            raise SingularMatrix(f"no pivot in column {column}")
        rows[column], rows[pivot] = rows[pivot], rows[column]
        top = rows[column]
        scale = 1.0 / top[column]
        top = rows[column] = [x * scale for x in top]
        for r in range(n):
            factor = rows[r][column]
            if r != column and factor != 0.0:
                rows[r] = [x - factor * y for x, y in zip(rows[r], top, strict=True)]
    return [row[n:] for row in rows]


def multiply(matrix: Sequence[Sequence[float]], vector: Sequence[float]) -> list[float]:
    return [sum(a * b for a, b in zip(row, vector, strict=True)) for row in matrix]
