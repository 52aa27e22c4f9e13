; Inno Setup script: installs the PyInstaller one-folder build under Program Files (per-machine, admin install by IT).
; Build the folder first on Windows:  pyinstaller --noconfirm --clean packaging\prevent_desktop.spec
; then:                               iscc packaging\windows\prevent-desktop.iss
#define AppName "Prevent Desktop"
#define AppVersion "0.1.0"
#define AppExe "prevent-desktop.exe"

[Setup]
AppId={{6B0F8B7E-4E52-4C1B-9E53-2E7D8A9C1F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Prevent Desktop
DefaultDirName={autopf}\Prevent Desktop
DefaultGroupName=Prevent Desktop
PrivilegesRequired=admin
DisableProgramGroupPage=yes
OutputBaseFilename=PreventDesktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
; The vault lives in each user's %LOCALAPPDATA%\PreventDesktop and is never touched by install or uninstall.
UninstallDisplayIcon={app}\{#AppExe}

[Files]
Source: "..\..\dist\prevent-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Prevent Desktop"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\Prevent Desktop"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
