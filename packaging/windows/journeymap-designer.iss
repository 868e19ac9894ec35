; Windows installer of Journey Map Designer (Inno Setup 6): NOT BUILT OR RUN YET (packaging/README.md).
; On Windows, from the checkout, after `make package`'s steps by hand:
;   python packaging/make_icons.py build/icons
;   pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/journeymap.spec
;   iscc /DVersion=0.1.0 packaging/windows/journeymap-designer.iss
; It installs dist\journeymap-designer\ under Program Files, adds the Start menu entry and registers
; .journeymap files (icon, "Open" with the designer). PyInstaller cannot register a file type: the
; installer does, and removes it on uninstall. `journeymap.exe` is in the install folder, not on the
; PATH (adding it needs a [Code] section to take it out again on uninstall: not written yet).

#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId=io.github.journeymap.Designer
AppName=Journey Map Designer
AppVersion={#Version}
AppPublisher=The Journey Map Designer team
DefaultDirName={autopf}\Journey Map Designer
DefaultGroupName=Journey Map Designer
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=journeymap-designer-{#Version}-setup
SetupIconFile=..\..\build\icons\journeymap-designer.ico
UninstallDisplayIcon={app}\journeymap-designer.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes

[Files]
Source: "..\..\dist\journeymap-designer\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "..\..\build\icons\application-x-journeymap.ico"; DestDir: "{app}"

[Icons]
Name: "{group}\Journey Map Designer"; Filename: "{app}\journeymap-designer.exe"

[Registry]
; the file type: .journeymap -> JourneyMapDesigner.Map, with its icon and its Open command
Root: HKA; Subkey: "Software\Classes\.journeymap"; ValueType: string; ValueName: ""; ValueData: "JourneyMapDesigner.Map"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.journeymap"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-journeymap"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\JourneyMapDesigner.Map"; ValueType: string; ValueName: ""; ValueData: "Journey map"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\JourneyMapDesigner.Map\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\application-x-journeymap.ico"
Root: HKA; Subkey: "Software\Classes\JourneyMapDesigner.Map\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\journeymap-designer.exe"" ""%1"""
