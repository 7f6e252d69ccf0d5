// The course progress line watch mode shows on top: a bar and "3/10 lessons passed".
export function renderProgressBar(passed: number, total: number, width = 30): string {
  const filled = total === 0 ? 0 : Math.round((passed / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${passed}/${total} lessons passed`;
}
