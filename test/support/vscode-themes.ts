// Subsets of VS Code's Dark Modern and Light Modern colour themes, as the --vscode-* variables a webview receives.
export type ThemeKind = 'dark' | 'light' | 'high-contrast';

const common = {
  'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace',
};

export const THEMES: Partial<Record<ThemeKind, Record<string, string>>> = {
  dark: {
    ...common,
    foreground: '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', descriptionForeground: '#9d9d9d',
    disabledForeground: '#cccccc80', focusBorder: '#0078d4', contrastBorder: 'transparent', 'icon-foreground': '#cccccc',
    'widget-border': '#313131', 'widget-shadow': '#0000005c', 'panel-border': '#2b2b2b', 'panel-background': '#1f1f1f',
    'sideBar-background': '#181818', 'editorWidget-background': '#202020',
    'list-hoverBackground': '#2a2d2e', 'list-inactiveSelectionBackground': '#37373d', 'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff', 'toolbar-hoverBackground': '#5a5d5e50',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898',
    'settings-textInputBackground': '#313131', 'settings-textInputBorder': '#3c3c3c', 'settings-textInputForeground': '#cccccc', 'settings-headerBorder': '#2b2b2b',
    'settings-checkboxBackground': '#313131', 'settings-checkboxBorder': '#3c3c3c', 'settings-dropdownBackground': '#313131',
    'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc', 'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c',
    'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
    'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'activityBarBadge-background': '#0078d4', 'activityBarBadge-foreground': '#ffffff',
    'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d',
    'textLink-foreground': '#4daafc', 'textBlockQuote-background': '#2b2b2b', 'textBlockQuote-border': '#616161',
    'editorHoverWidget-background': '#202020', 'editorHoverWidget-foreground': '#cccccc', 'editorHoverWidget-border': '#454545',
    'quickInput-background': '#222222', 'quickInput-foreground': '#cccccc', 'quickInputList-focusBackground': '#04395e', 'quickInputList-focusForeground': '#ffffff',
    'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'inputValidation-infoBackground': '#063b49',
    'inputValidation-infoBorder': '#007acc', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
    'progressBar-background': '#0078d4',
    'charts-blue': '#3794ff', 'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7',
    'terminal-ansiCyan': '#11a8cd', 'terminal-ansiMagenta': '#bc3fbc', 'terminal-ansiBrightBlue': '#3b8eea', 'terminal-ansiBrightGreen': '#23d18b',
    'terminal-ansiBrightRed': '#f14c4c', 'terminal-ansiBrightMagenta': '#d670d6', 'terminal-ansiBrightCyan': '#29b8db', 'terminal-ansiBrightYellow': '#f5f543',
  },
  light: {
    ...common,
    foreground: '#3b3b3b', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', descriptionForeground: '#717171',
    disabledForeground: '#61616180', focusBorder: '#005fb8', contrastBorder: 'transparent', 'icon-foreground': '#3b3b3b',
    'widget-border': '#e5e5e5', 'widget-shadow': '#00000029', 'panel-border': '#e5e5e5', 'panel-background': '#ffffff',
    'sideBar-background': '#f8f8f8', 'editorWidget-background': '#f8f8f8',
    'list-hoverBackground': '#f2f2f2', 'list-inactiveSelectionBackground': '#e4e6f1', 'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000', 'toolbar-hoverBackground': '#b8b8b850',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'input-placeholderForeground': '#767676',
    'settings-textInputBackground': '#ffffff', 'settings-textInputBorder': '#cecece', 'settings-textInputForeground': '#3b3b3b', 'settings-headerBorder': '#e5e5e5',
    'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxBorder': '#cecece', 'settings-dropdownBackground': '#ffffff',
    'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b', 'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece',
    'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
    'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'activityBarBadge-background': '#005fb8', 'activityBarBadge-foreground': '#ffffff',
    'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
    'textLink-foreground': '#005fb8', 'textBlockQuote-background': '#f8f8f8', 'textBlockQuote-border': '#e5e5e5',
    'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-foreground': '#3b3b3b', 'editorHoverWidget-border': '#c8c8c8',
    'quickInput-background': '#f8f8f8', 'quickInput-foreground': '#3b3b3b', 'quickInputList-focusBackground': '#e8e8e8', 'quickInputList-focusForeground': '#000000',
    'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'inputValidation-infoBackground': '#d6ecf2',
    'inputValidation-infoBorder': '#007acc', 'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
    'progressBar-background': '#005fb8',
    'charts-blue': '#1a85ff', 'charts-red': '#e51400', 'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-purple': '#652d90',
    'terminal-ansiCyan': '#0598bc', 'terminal-ansiMagenta': '#bc05bc', 'terminal-ansiBrightBlue': '#0451a5', 'terminal-ansiBrightGreen': '#14ce14',
    'terminal-ansiBrightRed': '#cd3131', 'terminal-ansiBrightMagenta': '#bc05bc', 'terminal-ansiBrightCyan': '#0598bc', 'terminal-ansiBrightYellow': '#b5ba00',
  },
};

// High Contrast (dark): black, white text, cyan borders, orange focus; most list/hover backgrounds are unset.
THEMES['high-contrast'] = {
  ...common,
  foreground: '#ffffff', 'editor-background': '#000000', 'editor-foreground': '#ffffff', descriptionForeground: '#ffffff',
  disabledForeground: '#a5a5a5', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518', 'icon-foreground': '#ffffff',
  'widget-border': '#6fc3df', 'panel-border': '#6fc3df', 'panel-background': '#000000', 'sideBar-background': '#000000', 'editorWidget-background': '#0c141f',
  'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
  'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'input-placeholderForeground': '#ffffffb3',
  'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df', 'settings-headerBorder': '#6fc3df',
  'settings-checkboxBackground': '#000000', 'settings-checkboxBorder': '#6fc3df', 'settings-dropdownBackground': '#000000', 'settings-dropdownBorder': '#6fc3df',
  'settings-dropdownForeground': '#ffffff', 'checkbox-background': '#000000', 'checkbox-border': '#6fc3df', 'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
  'badge-background': '#000000', 'badge-foreground': '#ffffff', 'activityBarBadge-background': '#000000', 'activityBarBadge-foreground': '#ffffff',
  'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff', 'panelTitle-inactiveForeground': '#ffffff',
  'textLink-foreground': '#21a6ff', 'textBlockQuote-border': '#ffffff', 'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-foreground': '#ffffff', 'editorHoverWidget-border': '#6fc3df',
  'quickInput-background': '#000000', 'quickInput-foreground': '#ffffff', 'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df',
  'inputValidation-infoBackground': '#000000', 'inputValidation-infoBorder': '#6fc3df', 'inputValidation-warningBackground': '#000000', 'inputValidation-warningBorder': '#6fc3df',
  'charts-blue': '#3794ff', 'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-yellow': '#ffd700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7',
};

export function themeCss(kind: ThemeKind): string {
  return `:root {\n${Object.entries(THEMES[kind] ?? {}).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`;
}
