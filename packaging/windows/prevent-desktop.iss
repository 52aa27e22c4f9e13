; Inno Setup script: installs the PyInstaller one-folder build under Program Files (per-machine, admin install by IT).
; Steps (packaging/README.md, "Building on Windows"): build the folder, sign its programs, write SHA256SUMS, then
;   iscc /DAppVersion=0.1.0 packaging\windows\prevent-desktop.iss
; and sign the setup program it writes to packaging\windows\Output\.
; Not run on our Linux CI: compile and try it on a Windows build machine before each release.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Prevent Desktop"
#define AppExe "prevent-desktop.exe"

[Setup]
AppId={{6B0F8B7E-4E52-4C1B-9E53-2E7D8A9C1F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Prevent Desktop
DefaultDirName={autopf}\Prevent Desktop
DefaultGroupName=Prevent Desktop
; Per-machine under Program Files: users cannot write there, which is what AppLocker's default rules rely on.
PrivilegesRequired=admin
DisableProgramGroupPage=yes
OutputBaseFilename=PreventDesktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Inno Setup's own uninstaller files go in a subfolder, so the installed folder is exactly SHA256SUMS plus uninstall\.
UninstallFilesDir={app}\uninstall
UninstallDisplayIcon={app}\{#AppExe}
; Each user's vault lives in %LOCALAPPDATA%\PreventDesktop: install, upgrade and uninstall never touch it.

[InstallDelete]
; An upgrade replaces the whole program folder, so no file of an older build survives beside the new SHA256SUMS.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole folder as built and signed, SHA256SUMS included.
Source: "..\..\dist\prevent-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
; The windowed program; prevent-desktop-cli.exe (same folder) is the admin command line.
Name: "{group}\Prevent Desktop"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\Prevent Desktop"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
