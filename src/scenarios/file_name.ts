// POSIX basename and extname for the default scenario name, without node:path, so the loader also
// runs in the browser playground. Same answers as node:path's posix functions
// (file_name.test.ts compares them on arbitrary paths).

/** The last component of a "/"-separated path, trailing slashes ignored. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/**
 * The extension of a file name with no "/" in it: from its last dot, but none for a name that
 * only starts with dots before it (".profile", "..").
 */
export function extName(base: string): string {
  let startDot = -1;
  // 0: no character before the dot yet; 1: only dots; -1: something else.
  let preDotState = 0;
  for (let i = base.length - 1; i >= 0; i--) {
    if (base[i] === ".") {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) preDotState = -1;
  }
  const end = base.length;
  if (startDot === -1 || preDotState === 0 || (preDotState === 1 && startDot === end - 1 && startDot === 1))
    return "";
  return base.slice(startDot);
}
