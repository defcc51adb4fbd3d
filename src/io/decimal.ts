/** A plain decimal number, as text readers accept it: `Number` would also take hex, binary, Infinity and "". */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
