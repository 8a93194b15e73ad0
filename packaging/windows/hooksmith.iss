; Inno Setup 6 script for Hooksmith on Windows. Built by packaging\windows\build.ps1, which
; freezes the app with packaging\hooksmith.spec first and passes the version:
;   iscc /DAppVersion=0.1.0 packaging\windows\hooksmith.iss
; Output: dist\hooksmith-<version>-windows-x64-setup.exe
;
; No administrator rights needed: by default it installs for the current user
; (%LOCALAPPDATA%\Programs\Hooksmith); an administrator can choose "all users" in the
; first dialog (C:\Program Files\Hooksmith).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z hooksmith.iss
#endif
#define Root "..\.."
#define Frozen Root + "\build\windows\frozen\hooksmith"

[Setup]
; The AppId identifies the product to Windows across versions: never change it.
AppId={{67db20d8-6d6e-4bbe-8b03-c92dd29486d4}
AppName=Hooksmith
AppVersion={#AppVersion}
AppVerName=Hooksmith {#AppVersion}
AppPublisher=Hooksmith
DefaultDirName={autopf}\Hooksmith
DefaultGroupName=Hooksmith
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; PySide6 6.12 needs Windows 10 1809 or later.
MinVersion=10.0.17763
OutputDir={#Root}\dist
OutputBaseFilename=hooksmith-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\hooksmith.ico
UninstallDisplayIcon={app}\Hooksmith.exe
UninstallDisplayName=Hooksmith
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the hooksmith-cli command to PATH (for scripts and the command line)"; Flags: unchecked

[Files]
; The whole one-folder build: Hooksmith.exe (the wizard), hooksmith-cli.exe (the command
; line, same code) and _internal\ with Python, Qt and the resources.
Source: "{#Frozen}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle entirely, so no library of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Hooksmith"; Filename: "{app}\Hooksmith.exe"; Comment: "Set up and test Talon.One webhooks"
Name: "{autodesktop}\Hooksmith"; Filename: "{app}\Hooksmith.exe"; Tasks: desktopicon

[Registry]
; Per-user PATH when installed for the current user, the machine's PATH for all users.
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: (not IsAdminInstallMode) and NeedsAddPath(ExpandConstant('{app}'))
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: IsAdminInstallMode and NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\Hooksmith.exe"; Description: "{cm:LaunchProgram,Hooksmith}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
function PathKey(): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function PathRoot(): Integer;
begin
  if IsAdminInstallMode then Result := HKEY_LOCAL_MACHINE else Result := HKEY_CURRENT_USER;
end;

{ True when Dir is not yet one of PATH's entries (compared case-insensitively). }
function NeedsAddPath(Dir: String): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(PathRoot(), PathKey(), 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

{ Uninstalling takes the folder back out of PATH, leaving every other entry as it was. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: String;
  P: Integer;
begin
  if CurUninstallStep <> usPostUninstall then exit;
  if not RegQueryStringValue(PathRoot(), PathKey(), 'Path', Path) then exit;
  Dir := ExpandConstant('{app}');
  Path := ';' + Path + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Path));
  if P = 0 then exit;
  Delete(Path, P, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(PathRoot(), PathKey(), 'Path', Path);
end;

{ After copying, the installed copy runs its self-test (all but the window check, which
  would flash the wizard), so a broken install is reported here, not at first use. }
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep <> ssPostInstall then exit;
  WizardForm.StatusLabel.Caption := 'Checking the installation...';
  if not Exec(ExpandConstant('{app}\hooksmith-cli.exe'),
              '--self-test=resources,catalogue,keyring,tls,sandbox', '', SW_HIDE,
              ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    SuppressibleMsgBox('Hooksmith is installed, but its self-test failed (code ' +
      IntToStr(ResultCode) + '). Open a command prompt and run' + #13#10 +
      '  "' + ExpandConstant('{app}\hooksmith-cli.exe') + '" --self-test' + #13#10 +
      'to see which check failed.', mbError, MB_OK, IDOK);
end;
